"""Neighbouring CLPs' calendars, served from a local aiohttp server, shown in /events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web

from bot.stores.events import NEIGHBOUR_EVENTS
from commands.events.neighbours import parse_feed, refresh
from tests.commands.events_support import events_app, events_config, platforms
from tests.support import FrozenClock

FEED = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Nextdoor//EN
BEGIN:VEVENT
UID:talk-1@nextdoor
DTSTAMP:20260301T100000Z
SUMMARY:NHS funding talk
DTSTART;TZID=Europe/London:20260312T190000
DTEND;TZID=Europe/London:20260312T203000
LOCATION:Nextdoor Library
URL:https://nextdoor.example/talk
END:VEVENT
BEGIN:VEVENT
UID:coffee@nextdoor
DTSTAMP:20260301T100000Z
SUMMARY:Members' coffee morning
DTSTART:20260307T100000Z
DTEND:20260307T110000Z
RRULE:FREQ=WEEKLY;COUNT=3
END:VEVENT
BEGIN:VEVENT
UID:old@nextdoor
DTSTAMP:20260301T100000Z
SUMMARY:Last year's AGM
DTSTART:20250101T190000Z
END:VEVENT
BEGIN:VEVENT
UID:off@nextdoor
DTSTAMP:20260301T100000Z
SUMMARY:Called off
STATUS:CANCELLED
DTSTART:20260310T190000Z
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
async def feed_server() -> AsyncIterator[str]:
    async def good(request: web.Request) -> web.Response:
        return web.Response(body=FEED, content_type="text/calendar")

    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=500, text="oops")

    async def garbage(request: web.Request) -> web.Response:
        return web.Response(body=b"<html>not a calendar</html>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/nextdoor.ics", good)
    app.router.add_get("/broken.ics", broken)
    app.router.add_get("/garbage.ics", garbage)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def test_neighbouring_events_are_read_and_marked_with_their_clp(
    sqlite_url: str, clock: FrozenClock, feed_server: str, caplog: pytest.LogCaptureFixture
) -> None:
    neighbours = [
        {"clp": "Nextdoor CLP", "url": f"{feed_server}/nextdoor.ics"},
        {"clp": "Broken CLP", "url": f"{feed_server}/broken.ics"},
        {"clp": "Garbage CLP", "url": f"{feed_server}/garbage.ics"},
        {"clp": "Offline CLP", "url": "http://127.0.0.1:9/none.ics"},
    ]
    config = events_config(sqlite_url, neighbours=neighbours)
    tg, dc = platforms()
    async with events_app(config, tg, dc, clock) as app:
        assert await refresh(app.services) == 1
        await tg.command("/events", user="ann")
        listing = tg.last().text
    assert "At neighbouring CLPs" in listing
    assert "NHS funding talk — Thu 12 Mar 19:00, Nextdoor Library" in listing
    assert "(Nextdoor CLP)" in listing
    assert listing.count("Members' coffee morning") == 3  # the weekly one, expanded
    assert "Last year's AGM" not in listing
    assert "Called off" not in listing
    assert "I'll come" not in " ".join(tg.last().labels)  # read-only
    for clp in ("Broken CLP", "Garbage CLP", "Offline CLP"):
        assert any(clp in record.getMessage() for record in caplog.records)


async def test_a_refresh_replaces_the_cache_and_a_failure_keeps_it(
    sqlite_url: str, clock: FrozenClock, feed_server: str
) -> None:
    good = {"clp": "Nextdoor CLP", "url": f"{feed_server}/nextdoor.ics"}
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url, neighbours=[good]), tg, dc, clock) as app:
        await refresh(app.services)
        await refresh(app.services)  # twice: no duplicates
        await tg.command("/events", user="ann")
        assert tg.last().text.count("NHS funding talk") == 1
    broken = {"clp": "Nextdoor CLP", "url": f"{feed_server}/broken.ics"}
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url, neighbours=[broken]), tg, dc, clock) as app:
        assert await refresh(app.services) == 0
        await tg.command("/events", user="ann")
        assert "NHS funding talk" in tg.last().text


FAR_FEED = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Faraway//EN
BEGIN:VEVENT
UID:agm-2027@faraway
DTSTAMP:20260301T100000Z
SUMMARY:AGM next winter
DTSTART:20270115T190000Z
END:VEVENT
BEGIN:VEVENT
UID:weekly@faraway
DTSTAMP:20250301T100000Z
SUMMARY:Weekly canvass
DTSTART;TZID=Europe/London:20250301T100000
RRULE:FREQ=WEEKLY
END:VEVENT
BEGIN:VEVENT
UID:monthly@faraway
DTSTAMP:20260301T100000Z
SUMMARY:Monthly meeting
DTSTART;TZID=Europe/London:20260305T190000
RRULE:FREQ=MONTHLY;COUNT=24
END:VEVENT
END:VCALENDAR
"""


def test_a_neighbours_feed_is_read_as_far_ahead_as_it_goes(clock: FrozenClock) -> None:
    events = parse_feed("Faraway CLP", FAR_FEED, ZoneInfo("Europe/London"), clock.now)
    titles = [e.title for e in events]
    assert "AGM next winter" in titles  # 319 days ahead: no 180-day horizon
    monthly = [e for e in events if e.title == "Monthly meeting"]
    assert len(monthly) == 24  # a series with an end is kept whole, two years of it
    assert monthly[-1].starts_at == datetime(2028, 2, 5, 19, 0, tzinfo=UTC)
    weekly = [e.starts_at for e in events if e.title == "Weekly canvass"]
    assert weekly[0] == datetime(2026, 3, 7, 10, 0, tzinfo=UTC)  # past ones are dropped
    assert clock.now + timedelta(days=359) < weekly[-1] <= clock.now + timedelta(days=366)


async def test_events_all_lists_far_neighbours_events_without_a_number_hint(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        events = parse_feed("Faraway CLP", FAR_FEED, app.services.config.clp.zone, clock.now)
        async with app.storage.unit() as uow:
            await uow.get(NEIGHBOUR_EVENTS).replace("Faraway CLP", events, clock.now)
        await tg.command("/events all", user="ann")
        pages = int(tg.last().text.split("Page 1 of ")[1].split(" ")[0])
        listing = tg.last().text
        for page in range(2, pages + 1):
            await tg.command(f"/events all page {page}", user="ann")
            listing += tg.last().text
    assert "AGM next winter — Fri 15 Jan 19:00 (Faraway CLP)" in listing
    assert "/events and a number" not in listing  # neighbours' events have no numbers
