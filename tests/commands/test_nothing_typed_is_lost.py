"""An answer over a limit is refused with how much to cut and shown back once, so nothing
typed is lost; a very long one is shown by its start and its length, in one message."""

from __future__ import annotations

from bot.limits import SHOWN_BACK, over_limit
from tests.commands.consultations_support import answer
from tests.commands.events_support import events_app, events_config, platforms
from tests.support import FrozenClock

HUGE = "Buses for everyone. " * 5_000  # 100,000 characters


def test_the_refusal_says_how_much_to_cut_and_shows_the_text() -> None:
    assert over_limit("title", "short", 10) is None
    said = over_limit("title", "x" * 12, 10)
    assert said is not None
    assert said.startswith("Your title is 12 characters; the limit is 10. Please shorten it by 2")
    assert said.endswith(":\n\n" + "x" * 12)
    huge = over_limit("idea", HUGE.strip(), 2000)
    assert huge is not None
    assert f"(its first {SHOWN_BACK:,} characters of 99,999)" in huge
    assert len(huge) < SHOWN_BACK + 400


async def test_every_flow_keeps_what_was_typed(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/event add", user="olive")
        tg.pop_replies("olive")
        await tg.say("T" * 301, user="olive")
        refused = tg.pop_replies("olive")
        assert len(refused) == 1
        assert "Your title is 301 characters; the limit is 300. Please shorten it by 1" in (
            refused[0].text
        )
        assert "T" * 301 in refused[0].text
        await tg.command("/poll", user="olive")
        await tg.say("Q" * 400, user="olive")
        assert "Your question is 400 characters; the limit is 300. Please shorten it by 100" in (
            tg.last().text
        )
        assert "Q" * 400 in tg.last().text
        await tg.command("/announce", user="olive")
        tg.pop_replies("olive")
        await tg.say(HUGE, user="olive")
        [long] = tg.pop_replies("olive")  # one message, not dozens
        assert "Your announcement is 99,999 characters; the limit is 3,500" in long.text
        assert "Please shorten it by 96,499" in long.text
        assert "Buses for everyone." in long.text
        tg.pop_replies("ann")
        await tg.command("/idea " + HUGE, user="ann")
        [idea] = tg.pop_replies("ann")
        assert "Your idea is 99,999 characters; the limit is 2,000" in idea.text
        tg.pop_replies("olive")
        await tg.command("/consultation add " + "C" * 600, user="olive")
        [title] = tg.pop_replies("olive")
        assert "Your title is 600 characters; the limit is 500" in title.text
        assert title.text.count("C" * 600) == 1  # shown back once
        await tg.command("/consultation add", user="olive")
        await tg.say("C" * 600, user="olive")
        assert "C" * 600 in answer(tg, "olive").text
