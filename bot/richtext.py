"""Rich text in one small neutral form: paragraphs and bullet lists of styled spans.

Adapters render it (Telegram HTML, Discord markdown, console plain text). Every string in
a span is treated as untrusted text: renderers escape it, none of it is markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    url: str | None = None


Inline = Span | str


@dataclass(frozen=True, slots=True)
class Paragraph:
    parts: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[tuple[Span, ...], ...]


Block = Paragraph | BulletList


def _spans(parts: Iterable[Inline]) -> tuple[Span, ...]:
    return tuple(Span(p) if isinstance(p, str) else p for p in parts)


def p(*parts: Inline) -> Paragraph:
    return Paragraph(_spans(parts))


def bullets(*items: Inline | tuple[Inline, ...]) -> BulletList:
    return BulletList(tuple(_spans(i if isinstance(i, tuple) else (i,)) for i in items))


def b(text: str) -> Span:
    return Span(text, bold=True)


def i(text: str) -> Span:
    return Span(text, italic=True)


def code(text: str) -> Span:
    return Span(text, code=True)


def link(text: str, url: str) -> Span:
    return Span(text, url=url)


def paragraphs(*texts: str) -> tuple[Block, ...]:
    return tuple(p(t) for t in texts)


# --- plain text ---------------------------------------------------------------------


def plain_span(span: Span) -> str:
    if span.url and span.url != span.text:
        return f"{span.text} ({span.url})"
    return span.text


def plain_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return "".join(plain_span(s) for s in block.parts)
    return "\n".join("• " + "".join(plain_span(s) for s in item) for item in block.items)


def to_plain(blocks: Iterable[Block]) -> str:
    return "\n\n".join(plain_block(block) for block in blocks)


# --- splitting ----------------------------------------------------------------------


def chunk_text(
    blocks: Iterable[Block], render: Callable[[Block], str], limit: int, sep: str = "\n\n"
) -> list[str]:
    """Render blocks and pack them into messages of at most `limit` characters.

    Splits between paragraphs; a single block longer than the limit is cut at line
    breaks, then spaces, then hard. `render` must already have escaped the text.
    """
    chunks: list[str] = []
    current = ""
    for block in blocks:
        for piece in _cut(render(block), limit):
            candidate = f"{current}{sep}{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks or [""]


def _cut(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        at = max(window.rfind("\n"), window.rfind(" "))
        if at < limit // 2:
            at = limit
        pieces.append(text[:at].rstrip())
        text = text[at:].lstrip()
    pieces.append(text)
    return pieces


def shorten(text: str, limit: int = 60) -> str:
    """A member's text quoted back in a message: whole if short, else cut with an ellipsis.

    Refusals quote what was typed so the member sees what was wrong; 100,000 characters
    quoted whole would flood the chat with dozens of messages.
    """
    text = " ".join(text.split()) if len(text) > limit else text
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 chat", "3 chats", "2 members have": a count and its noun, agreeing."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"
