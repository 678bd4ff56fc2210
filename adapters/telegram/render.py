"""Neutral rich text to Telegram HTML, split into messages Telegram accepts.

Every string is escaped with `html.escape`: nothing a member typed can become markup. Long
messages split between paragraphs (`bot.richtext.chunk_text`); a paragraph or list too long
for one message is first broken into smaller blocks, so a cut never lands inside a tag.
Telegram counts the limit in UTF-16 units after parsing the HTML; the HTML source is never
shorter than that except for characters outside the BMP, which `render_chunks` checks too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from bot.richtext import Block, BulletList, Paragraph, Span, chunk_text

MAX_LENGTH = 4096
MENTION = re.compile(r"(<[^>]*>)|@(?=(?:<[^>]*>)*\w)")
BULLET = "• "


def render_span(span: Span) -> str:
    text = html.escape(span.text, quote=False)
    if span.code:
        text = f"<code>{text}</code>"
    if span.italic:
        text = f"<i>{text}</i>"
    if span.bold:
        text = f"<b>{text}</b>"
    if span.url and span.url.lower().startswith(("https://", "http://")):
        # only web links: a tg://user?id= link would mention (and notify) that user
        text = f'<a href="{html.escape(span.url, quote=True)}">{text}</a>'
    return text


def _unmention(rendered: str) -> str:
    """Keep "@name" from notifying anyone: an invisible word joiner after each "@".

    Done on the rendered block, outside tags, so that "@" at the end of one span and a name
    at the start of the next cannot join into a mention either.
    """
    return MENTION.sub(lambda m: m.group(1) or "@\u2060", rendered)


def render_spans(spans: Iterable[Span]) -> str:
    return "".join(render_span(s) for s in spans)


def render_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _unmention(render_spans(block.parts))
    return _unmention("\n".join(BULLET + render_spans(item) for item in block.items))


def render_html(blocks: Iterable[Block]) -> str:
    return "\n\n".join(render_block(b) for b in blocks)


def render_chunks(blocks: Iterable[Block], limit: int = MAX_LENGTH) -> list[str]:
    """The message as HTML chunks of at most `limit` (in UTF-16 units, as Telegram counts)."""
    blocks = tuple(blocks)
    budget = limit
    while True:
        chunks = chunk_text(_fitted(blocks, budget), render_block, budget)
        longest = max(_utf16_length(c) for c in chunks)
        if longest <= limit or budget <= 16:
            return chunks
        budget = max(16, budget * limit // longest - 1)


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fitted(blocks: Iterable[Block], limit: int) -> Iterator[Block]:
    for block in blocks:
        if len(render_block(block)) <= limit:
            yield block
        elif isinstance(block, Paragraph):
            yield from _split_paragraph(block.parts, limit)
        else:
            yield from _split_list(block, limit)


def _split_list(block: BulletList, limit: int) -> Iterator[Block]:
    items: list[tuple[Span, ...]] = []
    for item in block.items:
        candidate = BulletList((*items, item))
        if len(render_block(candidate)) <= limit:
            items.append(item)
            continue
        if items:
            yield BulletList(tuple(items))
            items = []
        if len(render_block(BulletList((item,)))) <= limit:
            items.append(item)
        else:
            yield from _split_paragraph((Span(BULLET), *item), limit)
    if items:
        yield BulletList(tuple(items))


def _split_paragraph(spans: Iterable[Span], limit: int) -> Iterator[Paragraph]:
    """Pack the spans (cut at spaces where needed) into paragraphs that each fit."""
    current: list[Span] = []
    for piece in _pieces(spans, limit):
        if current and len(render_block(Paragraph((*current, piece)))) > limit:
            yield Paragraph(tuple(current))
            current = []
        current.append(piece)
    if current:
        yield Paragraph(tuple(current))


def _pieces(spans: Iterable[Span], limit: int) -> Iterator[Span]:
    for span in spans:
        overhead = len(render_span(Span("", span.bold, span.italic, span.code, span.url)))
        room = max(1, (limit - overhead) // 5)  # an escaped character is at most 5 long
        text = span.text
        while len(text) > room:
            at = text.rfind(" ", 0, room)
            at = at if at > room // 2 else room
            yield Span(text[:at], span.bold, span.italic, span.code, span.url)
            text = text[at:]
        yield Span(text, span.bold, span.italic, span.code, span.url)
