"""Repeats as CLPs hold them: nth and last weekday of the month, a day of the month (short
months skipped, said so), the last day, open-ended series; the same rule in /events, the
calendar file's RRULE and announcements."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from bot.stores.events import Event, EventType, Repeat
from commands.events.dates import parse_recurrence
from commands.events.occurrences import occurrences
from tests.commands.events_support import add_event, events_app, events_config, platforms
from tests.commands.test_announce import compose
from tests.commands.test_calendar import parse_attachment, rrule_of
from tests.support import FrozenClock

LONDON = ZoneInfo("Europe/London")


def starts(event: Event, n: int) -> list[datetime]:
    found = []
    for start in occurrences(event, LONDON):
        found.append(start.astimezone(LONDON).replace(tzinfo=None))
        if len(found) == n:
            break
    return found


def series(repeat: Repeat, first: datetime, **end: object) -> Event:
    start = first.replace(tzinfo=LONDON).astimezone(UTC)
    return Event("Meeting", EventType.OTHER, start, start, repeat=repeat, **end)  # type: ignore[arg-type]


def test_each_monthly_pattern_follows_its_rule() -> None:
    second_thursday = series(Repeat.MONTHLY_NTH, datetime(2026, 3, 12, 19, 0))
    assert [d.day for d in starts(second_thursday, 4)] == [12, 9, 14, 11]  # Mar..Jun 2026
    last_friday = series(Repeat.MONTHLY_LAST, datetime(2026, 3, 27, 18, 0))
    assert [d.day for d in starts(last_friday, 3)] == [27, 24, 29]
    the_31st = series(Repeat.MONTHLY, datetime(2026, 3, 31, 9, 0))
    assert [d.month for d in starts(the_31st, 3)] == [3, 5, 7]  # April and June skipped
    month_end = series(Repeat.MONTHLY_END, datetime(2026, 3, 31, 9, 0))
    assert [d.day for d in starts(month_end, 3)] == [31, 30, 31]
    open_ended = series(Repeat.WEEKLY, datetime(2026, 3, 5, 19, 0))
    assert len(starts(open_ended, 100)) == 100  # no end date, no count: it goes on
    assert all(d.hour == 19 for d in starts(open_ended, 40))  # across both clock changes


async def test_an_officer_sets_up_a_second_thursday_with_no_end(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/event add", user="olive")
        await tg.say("Branch meeting", user="olive")
        await tg.press("Other", user="olive")
        await tg.say("12 March 19:00", user="olive")
        await tg.press("Yes", user="olive")
        await tg.say("2 hours", user="olive")
        await tg.press("Monthly", user="olive")
        assert tg.last().labels == ["On the 12th", "On the second Thursday"]
        await tg.press("On the second Thursday", user="olive")
        assert "It repeats on the second Thursday of every month." in tg.last().text
        await tg.press("No end", user="olive")
        for text in ("Town Hall", "Chair", "Agenda to follow."):
            await tg.say(text, user="olive")
        await tg.press("No limit", user="olive")
        preview = tg.last().text
        assert "Repeats: on the second Thursday of every month, with no end date" in preview
        await tg.press("Save", user="olive")
        clock.now = datetime(2026, 3, 13, 9, 0, tzinfo=UTC)
        await tg.command("/events 1", user="ann")
        assert "Thursday 9 April 2026, 19:00 (BST)" in tg.last().text
        await tg.command("/calendar 1", user="ann")
        [vevent] = parse_attachment(tg).walk("VEVENT")
    rule = rrule_of(vevent)
    assert rule["FREQ"] == ["MONTHLY"]
    assert rule["BYDAY"] == ["2TH"]
    assert "UNTIL" not in rule
    assert "COUNT" not in rule
    text = bytes(rule.to_ical()).decode()  # type: ignore[no-untyped-call]
    local = vevent.decoded("dtstart").replace(tzinfo=None)
    assert [d.day for d in islice(rrulestr(text, dtstart=local), 3)] == [12, 9, 14]


async def test_a_start_on_the_31st_offers_the_last_day_and_says_the_rule(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await add_event(
            tg, when="31 March 19:00", repeat="Monthly", monthly="monthly_end", repeat_end="6 times"
        )
        await tg.command("/calendar 1", user="ann")
        [vevent] = parse_attachment(tg).walk("VEVENT")
        assert rrule_of(vevent)["BYMONTHDAY"] == [-1]
        await tg.command("/event add", user="olive")
        for text in ("Social", "Other", "31 March 19:00", "Yes", "2 hours", "Monthly"):
            await (tg.press if text in ("Other", "Yes", "Monthly") else tg.say)(text, user="olive")
        asked = tg.last()
        assert "Months without a 31st are skipped" in asked.text
        assert asked.labels == ["On the 31st", "On the last Tuesday", "On the last day"]
        await tg.press("On the 31st", user="olive")
        assert "monthly on the 31st (months without that day are skipped)" in tg.last().text


def test_announcements_read_the_monthly_forms() -> None:
    assert parse_recurrence("every second Thursday of the month 19:00") == (
        {"day": "2nd thu", "hour": 19, "minute": 0},
        "on the second Thursday of every month at 19:00",
    )
    assert parse_recurrence("the last Friday of the month 6pm") == (
        {"day": "last fri", "hour": 18, "minute": 0},
        "on the last Friday of every month at 18:00",
    )
    assert parse_recurrence("every month on the 31st 9am") == (
        {"day": 31, "hour": 9, "minute": 0},
        "every month on the 31st at 09:00 (months without that day are skipped)",
    )
    assert parse_recurrence("the last day of the month 09:00") == (
        {"day": "last", "hour": 9, "minute": 0},
        "on the last day of every month at 09:00",
    )
    assert parse_recurrence("every fifth Monday of the month 9am") is None


async def test_an_announcement_on_the_first_monday_of_the_month(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await compose(tg, "every first Monday of the month 9am")
        preview = tg.last().text
        # Monday 2 March 10:00 now: this month's has passed
        assert (
            "When: on the first Monday of every month at 09:00, first on Monday 6 April 2026"
            in preview
        )
