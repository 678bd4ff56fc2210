"""Any rich text, rendered by the adapters' own functions: every Telegram chunk within 4096
UTF-16 units and valid HTML that shows exactly the text (nothing lost at the cuts, nothing
turned into markup); every Discord chunk within 2000 characters with no ping left in it.
The fuzz tests check the same on every message the bot really sends."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord.render import render as discord_render
from adapters.telegram.render import render_chunks as telegram_chunks
from bot.model import Choice, OutgoingMessage
from bot.richtext import Block, BulletList, Paragraph, Span, b, p
from tests.hostile.limits import (
    DISCORD_LIMIT,
    discord_problems,
    html_problems,
    problems,
    telegram_problems,
    utf16_length,
)
from tests.hostile.strategies import hostile_text

URLS = st.sampled_from(
    (None, None, None, "https://example.org/a_b*c", "javascript:alert(1)", "https://x/@everyone")
)


@st.composite
def spans(draw: st.DrawFn) -> Span:
    return Span(
        draw(hostile_text(lone_surrogates=False)),
        bold=draw(st.booleans()),
        italic=draw(st.booleans()),
        code=draw(st.booleans()),
        url=draw(URLS),
    )


def blocks() -> st.SearchStrategy[tuple[Block, ...]]:
    paragraph = st.lists(spans(), min_size=1, max_size=4).map(lambda s: Paragraph(tuple(s)))
    item = st.lists(spans(), min_size=1, max_size=3).map(tuple)
    bullet_list = st.lists(item, min_size=1, max_size=4).map(lambda i: BulletList(tuple(i)))
    return st.lists(st.one_of(paragraph, bullet_list), min_size=1, max_size=4).map(tuple)


def _visible(blocks: tuple[Block, ...]) -> str:
    """The text a reader sees, without whitespace (cuts may drop it at chunk edges)."""
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts += [s.text for s in block.parts]
        else:
            texts += ["• " + "".join(s.text for s in item) for item in block.items]
    return re.sub(r"\s+", "", "".join(texts))


@settings(max_examples=300)
@given(blocks())
def test_telegram_chunks_fit_parse_and_keep_every_character(message: tuple[Block, ...]) -> None:
    chunks = telegram_chunks(message)
    for chunk in chunks:
        assert utf16_length(chunk) <= 4096
        assert not html_problems(chunk), html_problems(chunk)
    shown = html.unescape(re.sub(r"<[^>]*>", "", "".join(chunks))).replace("\u2060", "")
    assert re.sub(r"\s+", "", shown) == _visible(message)


@settings(max_examples=300)
@given(blocks())
def test_discord_chunks_fit_and_ping_nobody(message: tuple[Block, ...]) -> None:
    for chunk in discord_render(message):
        assert len(chunk) <= DISCORD_LIMIT
    assert not discord_problems(OutgoingMessage(blocks=message))


@given(st.lists(hostile_text(lone_surrogates=False), min_size=2, max_size=5))
def test_a_mention_split_across_spans_still_pings_nobody(parts: list[str]) -> None:
    """A member's text next to the bot's own words ("@" + "everyone") must not join up."""
    message = OutgoingMessage(blocks=(p(*parts), p(parts[0], b(parts[1]), *parts[2:])))
    assert not discord_problems(message)


def test_the_nastiest_fixed_cases() -> None:
    cases = [
        p("@", "everyone"),
        p("<@", "123>"),
        p("@here"),
        p("<@&456> <@!1> @everyone"),
        p("</i><b>&amp;<script>", b("<a href='x'>")),
        p("x" * 100_000),
        p("🎉" * 3_000),
        p("&" * 5_000),
    ]
    for block in cases:
        message = OutgoingMessage(blocks=(block,), choices=(Choice("Yes", "yes"),))
        assert not problems(message), (block, problems(message))


def test_an_empty_button_label_is_caught() -> None:
    message = OutgoingMessage.text("pick", choices=(Choice(" ", "x"),))
    assert telegram_problems(message) == ["empty button label for 'x'"]
