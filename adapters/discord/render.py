"""Neutral rich text -> Discord markdown, every user-supplied span escaped, split at 2000.

Escaping is two-fold: markdown (`discord.utils.escape_markdown`) so a member's `**` or
`[text](url)` stays literal, and mentions: `@everyone`, `@here`, `<@id>` and `<@&role>` get
a zero-width space after the `@`, so they cannot ping even if a message were ever sent
without `allowed_mentions` (which we also always set to none).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import discord

from bot.richtext import Block, BulletList, Span, chunk_text

MAX_MESSAGE = 2000
ZERO_WIDTH = "\u200b"
_MENTION = re.compile(r"@(?=everyone|here|[!&]?\d)", re.IGNORECASE)
_SAFE_URL = re.compile(r"https?://[^\s<>()\[\]]+", re.IGNORECASE)


def neutralise_mentions(text: str) -> str:
    return _MENTION.sub("@" + ZERO_WIDTH, text)


def escape(text: str) -> str:
    """User text -> markdown that shows exactly that text and can ping no one."""
    return neutralise_mentions(discord.utils.escape_markdown(text))


def _code(text: str) -> str:
    text = neutralise_mentions(text).replace("``", "`" + ZERO_WIDTH + "`")
    if "`" in text:
        return f"`` {text} ``"
    return f"`{text}`" if text else ""


def render_span(span: Span) -> str:
    if span.code:
        return _code(span.text)
    text = escape(span.text)
    if span.url:
        if not _SAFE_URL.fullmatch(span.url):
            text = f"{text} ({escape(span.url)})"
        elif span.url == span.text:
            text = f"<{span.url}>"
        else:
            text = f"[{text}](<{span.url}>)"
    if span.bold and text:
        text = f"**{text}**"
    if span.italic and text:
        text = f"*{text}*"
    return text


def render_block(block: Block) -> str:
    """Spans joined, then mentions neutralised again: "@" ending one span and "everyone"
    starting the next (a member's text beside the bot's words) must not join into a ping,
    nor may a link's address carry one."""
    if isinstance(block, BulletList):
        text = "\n".join("• " + "".join(render_span(s) for s in item) for item in block.items)
    else:
        text = "".join(render_span(s) for s in block.parts)
    return neutralise_mentions(text)


def render(blocks: Iterable[Block], limit: int = MAX_MESSAGE) -> list[str]:
    """The messages to send, each at most `limit` characters."""
    return chunk_text(blocks, render_block, limit)


def plain_label(text: str, limit: int) -> str:
    """A button or form label: no markdown there, just the length limit."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
