"""Rich text -> Discord markdown: escaping, mentions, links, splitting."""

from __future__ import annotations

from adapters.discord.render import ZERO_WIDTH, escape, render, render_span
from bot.richtext import Span, b, bullets, code, i, link, p


def test_member_text_is_escaped_and_cannot_mention() -> None:
    text = escape("**hi** _there_ @everyone @here <@123456789012345678> <@&3001> [x](http://a)")
    assert "\\*\\*hi\\*\\*" in text
    assert "\\_there\\_" in text
    assert f"@{ZERO_WIDTH}everyone" in text
    assert f"@{ZERO_WIDTH}here" in text
    assert f"<@{ZERO_WIDTH}123456789012345678>" in text
    assert f"<@{ZERO_WIDTH}&3001>" in text
    assert "\\[x]" in text


def test_mentions_are_neutralised_in_any_case() -> None:
    assert "@Everyone" not in escape("@Everyone")
    assert "@HERE" not in escape("@HERE")


def test_styles_wrap_escaped_text() -> None:
    assert render_span(b("a*b")) == "**a\\*b**"
    assert render_span(i("x")) == "*x*"
    assert render_span(code("@everyone")) == f"`@{ZERO_WIDTH}everyone`"
    assert render_span(code("a`b")) == "`` a`b ``"


def test_links_only_for_web_addresses() -> None:
    assert render_span(link("Labour", "https://labour.org.uk/")) == (
        "[Labour](<https://labour.org.uk/>)"
    )
    assert render_span(link("https://a.example/", "https://a.example/")) == "<https://a.example/>"
    unsafe = render_span(Span("click", url="javascript:alert(1)"))
    assert unsafe == "click (javascript:alert(1))"


def test_bullets_and_paragraphs() -> None:
    (text,) = render((p("Intro"), bullets("one", ("two ", b("bold")))))
    assert text == "Intro\n\n• one\n• two **bold**"


def test_split_at_2000_between_paragraphs() -> None:
    blocks = tuple(p("x" * 900) for _ in range(5))
    chunks = render(blocks)
    assert [len(c) for c in chunks] == [1802, 1802, 900]
    one_huge = render((p("word " * 1000),))
    assert all(len(c) <= 2000 for c in one_huge)
    assert " ".join(one_huge).split() == ["word"] * 1000
