"""A date typed without a time is never guessed: the bot asks for the time, then reads the
whole moment back before it is saved or announced (events and announcements; consultations
are confirmed in tests/commands/test_consultations.py)."""

from __future__ import annotations

from bot.dates import names_a_time
from tests.commands.events_support import events_app, events_config, platforms
from tests.commands.test_announce import compose
from tests.support import FrozenClock


def test_what_names_a_time() -> None:
    for typed in ("19:00", "7pm", "next Tuesday 7.30 pm", "noon", "in 2 hours", "now"):
        assert names_a_time(typed), typed
    for typed in ("tomorrow", "next Friday", "14 March", "2026-03-17", "in 3 weeks"):
        assert not names_a_time(typed), typed


async def test_an_event_on_a_day_without_a_time_asks_for_the_time(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/event add", user="olive")
        await tg.say("Branch meeting", user="olive")
        await tg.press("Other", user="olive")
        await tg.say("tomorrow", user="olive")
        assert "What time on Tuesday 3 March?" in tg.last().text
        await tg.say("soonish", user="olive")
        assert "I could not read 'soonish' as a time" in tg.last().text
        await tg.say("7pm", user="olive")
        assert tg.last().text.startswith("Tuesday 3 March 2026, 19:00 (GMT) — is that right?")
        await tg.press("No, type it again", user="olive")
        await tg.say("yesterday", user="olive")
        assert "Sunday 1 March 2026 is in the past. When does it start?" in tg.last().text
        await tg.say("today", user="olive")
        await tg.say("9am", user="olive")  # 10:00 now
        assert "Monday 2 March 2026, 09:00 (GMT) is in the past. What time?" in tg.last().text


async def test_an_announcement_on_a_day_without_a_time_asks_for_the_time(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await compose(tg, "Friday")
        assert "What time on Friday 6 March?" in tg.last().text
        await tg.say("18:00", user="olive")
        assert "When: Friday 6 March 2026, 18:00 (GMT)" in tg.last().text
