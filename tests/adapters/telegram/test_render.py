"""Neutral rich text to Telegram HTML: escaping, styles, and splitting at 4096."""

from __future__ import annotations

import html
import re

from adapters.telegram.render import render_chunks, render_html, render_span
from bot.richtext import Span, b, bullets, code, i, link, p


def test_every_user_string_is_escaped() -> None:
    blocks = (p('Tom & <Jerry> said "hi"', b("<b>bold</b>")), bullets(code("a<b"), "x>y"))
    assert render_html(blocks) == (
        'Tom &amp; &lt;Jerry&gt; said "hi"<b>&lt;b&gt;bold&lt;/b&gt;</b>\n\n'
        "• <code>a&lt;b</code>\n• x&gt;y"
    )


def test_styles_nest_and_urls_are_quoted() -> None:
    span = link("Read", 'https://example.org/?a=1&b="2"')
    rendered = render_html((p(span, " ", i("now"), " ", b("go")),))
    assert rendered == (
        '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">Read</a> <i>now</i> <b>go</b>'
    )


def test_long_messages_split_between_paragraphs() -> None:
    paragraphs = tuple(p(f"{n} " + "word " * 300) for n in range(10))
    chunks = render_chunks(paragraphs)
    assert len(chunks) > 1
    assert all(len(c) <= 4096 for c in chunks)
    assert "\n\n".join(chunks) == render_html(paragraphs)


def test_a_paragraph_longer_than_a_message_is_cut_outside_tags() -> None:
    paragraph = p(*(b(f"<{n}> " * 20) for n in range(100)), link("end", "https://x.org/a b"))
    chunks = render_chunks((paragraph,))
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk) <= 4096
        assert chunk.count("<b>") == chunk.count("</b>")
        assert not re.search(r"&[a-z]*$", chunk)  # no entity cut in half
    text = html.unescape(re.sub(r"<[^>]+>", "", "".join(chunks)))
    assert (
        text.replace(" ", "") == "".join(f"<{n}>" * 20 for n in range(100)).replace(" ", "") + "end"
    )


def test_a_long_list_is_split_between_items() -> None:
    items = bullets(*(f"item {n} " + "x" * 100 for n in range(80)))
    chunks = render_chunks((items,))
    assert len(chunks) > 1
    assert all(line.startswith("• ") for c in chunks for line in c.split("\n"))


def test_characters_outside_the_bmp_count_twice() -> None:
    chunks = render_chunks((p("😀" * 3000),))
    assert len(chunks) == 2
    assert all(len(c.encode("utf-16-le")) // 2 <= 4096 for c in chunks)
    assert "".join(chunks) == "😀" * 3000


def test_mentions_and_user_links_cannot_notify_anyone() -> None:
    html_text = render_html([p("ping @alice and @everyone, @", b("bob"))])
    assert "@alice" not in html_text
    assert "@\u2060alice" in html_text
    assert "@\u2060<b>bob</b>" in html_text
    linked = render_html([p(link("me", "https://medium.com/@me"))])
    assert 'href="https://medium.com/@me"' in linked
    assert "href" not in render_span(Span("Bob", url="tg://user?id=123"))
    assert 'href="https://example.org/a"' in render_span(Span("x", url="https://example.org/a"))
