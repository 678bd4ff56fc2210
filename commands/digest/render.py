"""The digest as chat rich text, as Markdown and as HTML (for the CLP newsletter).

Everything in a digest came from members, officers or feeds: Markdown escapes its
syntax characters, HTML escapes everything, and only web links become links.
"""

from __future__ import annotations

import html
from urllib.parse import quote, urlsplit

from bot.exports import md_escape
from bot.model import OutgoingMessage
from bot.richtext import Block, BulletList, Paragraph, Span, b, i, p
from bot.typed_text import clean_typed
from commands.digest.build import Digest

QUIET = "A quiet week: nothing new to report. Type /help to see what you can do."


def heading(d: Digest) -> tuple[str, str]:
    period = f"{d.start_day.day} {d.start_day:%B} – {d.end_day.day} {d.end_day:%B %Y}"
    return f"{d.clp}: weekly digest", period


def to_message(d: Digest) -> OutgoingMessage:
    title, period = heading(d)
    blocks: list[Block] = [p(b(title)), p(i(period))]
    for section in d.sections:
        blocks += [p(b(section.title.upper())), *section.blocks]
    if not d.sections:
        blocks.append(p(QUIET))
    blocks.append(p("Get this privately every week with /subscribe; stop with /unsubscribe."))
    return OutgoingMessage(blocks=tuple(blocks))


# --- Markdown -------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    if not url or urlsplit(url).scheme.lower() not in ("http", "https", "mailto"):
        return None
    return url


def _md_span(span: Span) -> str:
    text = md_escape(span.text)
    if span.code:
        text = f"`{span.text.replace('`', '')}`"
    if span.bold:
        text = f"**{text}**"
    if span.italic:
        text = f"*{text}*"
    url = safe_url(span.url)
    if url is not None:
        text = f"[{text}]({quote(url, safe=':/?#&=%@+,;~!$*')})"
    return text


def _md_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return "".join(_md_span(s) for s in block.parts)
    return "\n".join("- " + "".join(_md_span(s) for s in item) for item in block.items)


def to_markdown(d: Digest) -> str:
    title, period = heading(d)
    parts = [f"# {md_escape(title)}", f"*{md_escape(period)}*"]
    for section in d.sections:
        parts.append(f"## {md_escape(section.title)}")
        parts += [_md_block(block) for block in section.blocks]
    if not d.sections:
        parts.append(md_escape(QUIET))
    return "\n\n".join(parts) + "\n"


# --- HTML -----------------------------------------------------------------------------


def _html_span(span: Span) -> str:
    text = html.escape(clean_typed(span.text))
    if span.code:
        text = f"<code>{text}</code>"
    if span.bold:
        text = f"<strong>{text}</strong>"
    if span.italic:
        text = f"<em>{text}</em>"
    url = safe_url(span.url)
    if url is not None:
        text = f'<a href="{html.escape(url, quote=True)}">{text}</a>'
    return text


def _html_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{''.join(_html_span(s) for s in block.parts)}</p>"
    assert isinstance(block, BulletList)
    items = "".join(f"<li>{''.join(_html_span(s) for s in item)}</li>" for item in block.items)
    return f"<ul>{items}</ul>"


def to_html(d: Digest) -> str:
    title, period = heading(d)
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p><em>{html.escape(period)}</em></p>"]
    for section in d.sections:
        parts.append(f"<h2>{html.escape(section.title)}</h2>")
        parts += [_html_block(block) for block in section.blocks]
    if not d.sections:
        parts.append(f"<p>{html.escape(QUIET)}</p>")
    return '<article class="clpbot-digest">\n' + "\n".join(parts) + "\n</article>\n"
