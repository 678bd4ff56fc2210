"""HTML to plain text, for feed summaries (chats must never get the feed's markup).

feedparser has already removed scripts and event handlers, but we do not rely on it:
script and style content is dropped here too. Entities are decoded; block elements
become line breaks; runs of spaces collapse. Control characters, bidirectional overrides
and lone surrogates go as they do from what members type (`clean_typed`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.typed_text import clean_typed

SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "iframe"})
BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "blockquote", "pre", "table",
        "tr", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "figure",
    }
)  # fmt: skip


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The readable text of an HTML fragment."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    joined = "\n".join(lines)
    return clean_typed(re.sub(r"\n{3,}", "\n\n", joined).strip())


def one_line(text: str) -> str:
    """Collapse all whitespace (titles)."""
    return clean_typed(" ".join(text.split()))
