"""Hostile text: what members of an open channel can type.

Control and format characters, line and paragraph separators, right-to-left overrides and
isolates, lone surrogates (half a UTF-16 pair, as platform JSON can carry), zero-width spaces,
spreadsheet formulas, emoji, every platform's markup, fake mentions, SQL and HTML fragments,
numbers that are too big or not ASCII, and now and then 100,000 characters.
"""

from __future__ import annotations

from hypothesis import strategies as st

FRAGMENTS = (
    "@everyone",
    "@here",
    "<@123>",
    "<@!123>",
    "<@&456>",
    "<#789>",
    "<b>",
    "</i>",
    "<a href='javascript:alert(1)'>x</a>",
    "&amp;",
    "&",
    "<",
    ">",
    "*_~`|",
    "**bold**",
    "||spoiler||",
    "```code```",
    "[link](https://evil.example)",
    "' OR 1=1 --",
    "'; DROP TABLE members; --",
    "<script>alert(1)</script>",
    '=HYPERLINK("https://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t-1",
    "### heading",
    "<every>",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\ud800",
    "x\udfffy",
    "\x07",
    "\u200b",
    "\u2028",
    "\u2029",
    "\x00",
    "\x1b[31m",
    "\r\n",
    "🏳️‍🌈",
    "👩🏽‍⚕️",
    "²",
    "١٢",
    "99999999999999999999999",
    "-1",
    "0",
    "3",
    "#2",
    "1:",
    "/cancel",
    "@back",
    "@skip",
    "next Tuesday 7pm",
    "30 February 25:99",
    " ",
)

_CHARACTERS = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs", "Cc", "Cf", "Zl", "Zp", "Co"),
)
_PIECE = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(_CHARACTERS, max_size=40),
)


@st.composite
def _huge(draw: st.DrawFn) -> str:
    """Up to 100,000 characters: a fragment repeated, with or without spaces to cut at."""
    unit = draw(st.sampled_from(("x", "é ", "<b>&amp;", "🎉", "@everyone ", "a\n")))
    size = draw(st.sampled_from((4_097, 20_000, 100_000)))
    return (unit * (size // len(unit) + 1))[:size]


def hostile_text(*, lone_surrogates: bool = True) -> st.SearchStrategy[str]:
    """Any text a member might send, weighted towards the nasty.

    `lone_surrogates=False`: text the bot may show, which has come in through the events'
    cleaning (bot/typed_text.py): a lone surrogate there is already U+FFFD."""
    mixed = st.lists(_PIECE, max_size=6).map("".join)
    text = st.one_of(mixed, mixed, mixed, st.sampled_from(FRAGMENTS), _huge())
    return text if lone_surrogates else text.map(_without_lone_surrogates)


def _without_lone_surrogates(text: str) -> str:
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def hostile_fields() -> st.SearchStrategy[dict[str, str]]:
    """A filled-in form: real-looking and made-up field names."""
    names = st.sampled_from(("text", "title", "value", "x", "", "\u202e"))
    return st.dictionaries(names, hostile_text(), max_size=3)
