"""Calendar files parse with icalendar, with the CLP's time zone and proper recurrence rules."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar

from adapters.fake import FakeAdapter
from tests.commands.events_support import add_event, events_app, events_config, platforms
from tests.support import FrozenClock

LONDON = ZoneInfo("Europe/London")


def rrule_of(event: icalendar.Component) -> icalendar.vRecur:
    rule = event["rrule"]
    assert isinstance(rule, icalendar.vRecur)
    return rule


def parse_attachment(fake: FakeAdapter) -> icalendar.Calendar:
    sent = fake.last()
    assert sent.message.attachment is not None
    assert sent.message.attachment.media_type == "text/calendar"
    assert sent.message.attachment.filename.endswith(".ics")
    return icalendar.Calendar.from_ical(sent.message.attachment.content)


async def test_calendar_of_every_upcoming_event(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await add_event(tg, title="Housing", when="next Tuesday 7pm")
        await add_event(
            tg, title="Reading group", when="24 March 19:00", repeat="Weekly", repeat_end="4 times"
        )
        await add_event(
            tg,
            title="Branch social",
            when="20 March 18:00",
            repeat="Monthly",
            repeat_end="until 30 June",
        )
        await dc.command("/calendar", user="bob")
        cal = parse_attachment(dc)
    assert str(cal["method"]) == "PUBLISH"
    assert "PRODID" in cal
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/London"
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Housing", "Reading group", "Branch social"}
    housing = events["Housing"]
    assert housing["dtstart"].params["TZID"] == "Europe/London"
    start = housing.decoded("dtstart")
    assert start == datetime(2026, 3, 10, 19, 0, tzinfo=LONDON)
    assert housing.decoded("dtend") == datetime(2026, 3, 10, 20, 30, tzinfo=LONDON)
    assert str(housing["uid"]).startswith("event-1-")
    assert "DTSTAMP" in housing
    assert str(housing["location"]) == "Town Hall, Room 2"
    assert str(housing["url"]) == "https://meet.example.org/abc"
    assert "RRULE" not in housing
    weekly = rrule_of(events["Reading group"])
    assert weekly["FREQ"] == ["WEEKLY"]
    assert weekly["COUNT"] == [4]
    monthly = rrule_of(events["Branch social"])
    assert monthly["FREQ"] == ["MONTHLY"]
    # UNTIL is UTC when the start has a TZID: the end of 30 June in BST
    assert monthly["UNTIL"] == [datetime(2026, 6, 30, 22, 59, 59, tzinfo=UTC)]
    # the VTIMEZONE knows both offsets, so calendar apps keep 19:00 after the change
    names = {str(sub["tzname"]) for sub in zone.subcomponents}
    assert {"GMT", "BST"} <= names


async def test_calendar_of_one_event_from_the_button(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await add_event(tg, title="Housing")
        await add_event(tg, title="Other", when="20 March 18:00")
        await tg.command("/events 2", user="ann")
        await tg.press("Add to my calendar", user="ann")
        cal = parse_attachment(tg)
        [event] = cal.walk("VEVENT")
        assert str(event["summary"]) == "Other"
        assert str(event["uid"]).startswith("event-2-")
        await tg.command("/calendar 9", user="ann")
        assert "There is no event #9" in tg.last().text
        await tg.command("/calendar soon", user="ann")
        assert "like /calendar 3" in tg.last().text


async def test_no_events_no_file(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/calendar", user="ann")
        assert tg.last().message.attachment is None
        assert "Nothing is planned" in tg.last().text
