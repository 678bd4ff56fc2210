"""Files the bot writes for people to open elsewhere: CSV for spreadsheets, Markdown for
newsletters and the Policy Forum. Member text in them must stay text.

CSV: a cell that begins with `=`, `+`, `-`, `@`, tab or carriage return is a formula to
Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)` sends the reader's data away). As
OWASP's CSV injection page recommends, such a cell gets a leading single quote, and every
text cell is quoted, so a spreadsheet that splits on `;` or tabs cannot cut a formula out of
the middle of one either. Numbers the bot computed stay bare numbers.

Markdown: every character with a meaning (`*`, `_`, `` ` ``, `[`, `]`, `<`, `>`, `#`, `|`,
`~`, `\\`, an `&` that would start an entity) is backslash-escaped wherever it is, and a
line that would start a list, a heading underline or a rule (`-`, `+`, `=`, `1.`) has its
first mark escaped too and no line keeps its indent (four spaces would make code), so
`<every>`, `### heading` and `[link](x)` read as typed.

Both also clean the text as input is cleaned (`clean_typed`), for text stored before that.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from bot.typed_text import clean_typed

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""OWASP's list; a newline too, since cleaning turns a carriage return into one."""

Cell = str | int | float | None


def spreadsheet_cell(value: Cell) -> Cell:
    """A text cell a spreadsheet will not run; numbers and empty cells as they are."""
    if not isinstance(value, str):
        return value
    value = clean_typed(value)  # text stored before input was cleaned, too
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def spreadsheet_csv(rows: Iterable[Sequence[Cell]]) -> str:
    """CSV (RFC 4180 line ends) with every text cell quoted and formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow(["" if cell is None else spreadsheet_cell(cell) for cell in row])
    return buffer.getvalue()


_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>#|~]|&(?=#?\w+;))")
_MD_INDENT = re.compile(r"(?<=\n)[ \t]+|\A(?:[ ]{4,}|[ ]*\t)[ \t]*")
"""Indents after a line break, and one at the start that would make code; a span that
starts with a space in the middle of a line keeps it."""
_MD_LINE_START = re.compile(r"^([ ]{0,3})([-+=]|\d{1,9}(?=[.)](?:[ \t]|$)))", re.MULTILINE)


def md_escape(text: str) -> str:
    """`text` as literal Markdown (CommonMark and GitHub's): nothing in it is markup."""
    escaped = _MD_ANYWHERE.sub(r"\\\1", clean_typed(text))
    escaped = _MD_INDENT.sub("", escaped)  # an indented line would be a code block
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark = match.group(1), match.group(2)
    return indent + (f"{mark}\\" if mark.isdigit() else f"\\{mark}")  # 1. -> 1\.  - -> \-
