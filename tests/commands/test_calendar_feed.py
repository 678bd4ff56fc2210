"""The calendar feed over real HTTP (uvicorn on 127.0.0.1), parsed with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import icalendar
from dateutil.rrule import rrulestr

from bot.stores.events import EVENTS, NEIGHBOUR_EVENTS, NeighbourEvent, Repeat
from tests.commands.events_support import platforms
from tests.commands.feed_support import feed_url, store_event, web_config
from tests.support import FrozenClock, running_app

LONDON = ZoneInfo("Europe/London")


def parse(response: httpx.Response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


async def test_a_second_thursday_keeps_its_local_time_across_the_october_change(
    sqlite_url: str, clock: FrozenClock
) -> None:
    config = web_config(sqlite_url)
    clock.now = datetime(2026, 9, 20, 12, 0, tzinfo=UTC)
    tg, dc = platforms()
    async with running_app(config, tg, dc, clock=clock) as app:
        start = datetime(2026, 10, 8, 19, 0, tzinfo=LONDON)  # the second Thursday, in BST
        await store_event(app, "Branch meeting", start.astimezone(UTC), repeat=Repeat.MONTHLY_NTH)
        async with httpx.AsyncClient() as http:
            cal = parse(await http.get(feed_url(config)))
    [vevent] = cal.walk("VEVENT")
    assert vevent["dtstart"].params["TZID"] == "Europe/London"
    rule = vevent["rrule"]
    assert isinstance(rule, icalendar.vRecur)
    assert rule["FREQ"] == ["MONTHLY"]
    assert rule["BYDAY"] == ["2TH"]
    assert "UNTIL" not in rule  # open-ended
    assert "COUNT" not in rule
    # the feed's own VTIMEZONE (not the test's tz database) says when 19:00 is in UTC
    [vtimezone] = cal.walk("VTIMEZONE")
    assert str(vtimezone["tzid"]) == "Europe/London"
    assert isinstance(vtimezone, icalendar.Timezone)
    zone = vtimezone.to_tz()
    local = vevent.decoded("dtstart").replace(tzinfo=None)
    rule_text = rule.to_ical().decode()  # type: ignore[no-untyped-call]
    starts = [d.replace(tzinfo=zone) for d in islice(rrulestr(rule_text, dtstart=local), 3)]
    assert [(d.month, d.day, d.hour, d.minute) for d in starts] == [
        (10, 8, 19, 0),
        (11, 12, 19, 0),
        (12, 10, 19, 0),
    ]
    assert [d.astimezone(UTC).hour for d in starts] == [18, 19, 19]  # BST, then GMT
    assert cal["x-wr-timezone"] == "Europe/London"
    assert "REFRESH-INTERVAL" in cal


async def test_only_our_upcoming_events_with_cancelled_ones_marked(
    sqlite_url: str, clock: FrozenClock
) -> None:
    config = web_config(sqlite_url)
    tg, dc = platforms()
    async with running_app(config, tg, dc, clock=clock) as app:
        now = clock.now
        await store_event(app, "Finished", now - timedelta(days=3))
        await store_event(app, "Housing", now + timedelta(days=3))
        await store_event(app, "Called off", now + timedelta(days=4), cancelled=True)
        await store_event(
            app, "Old series", now - timedelta(days=90), repeat=Repeat.WEEKLY, repeat_count=3
        )
        await store_event(app, "Reading group", now - timedelta(days=90), repeat=Repeat.WEEKLY)
        async with app.storage.unit() as uow:
            theirs = NeighbourEvent("Nearby CLP", "n1", "Their social", now + timedelta(days=2))
            await uow.get(NEIGHBOUR_EVENTS).replace("Nearby CLP", [theirs], now)
        async with httpx.AsyncClient() as http:
            cal = parse(await http.get(feed_url(config)))
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Housing", "Called off", "Reading group"}
    assert str(events["Called off"]["status"]) == "CANCELLED"
    assert "STATUS" not in events["Housing"]


async def test_etag_last_modified_304_and_head(sqlite_url: str, clock: FrozenClock) -> None:
    config = web_config(sqlite_url)
    tg, dc = platforms()
    async with running_app(config, tg, dc, clock=clock) as app:
        event = await store_event(app, "Housing", clock.now + timedelta(days=3))
        url = feed_url(config)
        async with httpx.AsyncClient() as http:
            first = await http.get(url)
            etag, modified = first.headers["etag"], first.headers["last-modified"]
            assert modified == "Sun, 04 Jan 2026 10:00:00 GMT"  # when the event was stored
            clock.advance(minutes=5)  # the same events give the same bytes, whenever asked
            again = await http.get(url, headers={"If-None-Match": etag})
            assert again.status_code == 304
            assert again.content == b""
            assert again.headers["etag"] == etag
            later = await http.get(url, headers={"If-Modified-Since": modified})
            assert later.status_code == 304
            head = await http.head(url)
            assert head.status_code == 200
            assert head.content == b""
            assert head.headers["etag"] == etag
            assert int(head.headers["content-length"]) == len(first.content)
            event.title, event.updated_at = "Housing and homes", clock.advance(minutes=1)
            async with app.storage.unit() as uow:
                await uow.get(EVENTS).update(event)
            changed = await http.get(url, headers={"If-None-Match": etag})
            assert changed.status_code == 200
            assert changed.headers["etag"] != etag
            assert changed.headers["last-modified"] == "Mon, 02 Mar 2026 10:06:00 GMT"
            stale = await http.get(url, headers={"If-Modified-Since": modified})
            assert stale.status_code == 200
            [vevent] = parse(changed).walk("VEVENT")
            assert str(vevent["summary"]) == "Housing and homes"


async def test_uids_are_unique_per_deployment_and_match_the_file(
    sqlite_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    other_url = f"sqlite+aiosqlite:///{tmp_path / 'other.sqlite3'}"
    uids: list[str] = []
    for url in (sqlite_url, other_url):
        config = web_config(url)
        tg, dc = platforms()
        async with running_app(config, tg, dc, clock=clock) as app:
            await store_event(app, "Housing", clock.now + timedelta(days=3))
            async with httpx.AsyncClient() as http:
                [vevent] = parse(await http.get(feed_url(config))).walk("VEVENT")
            await tg.command("/calendar", user="ann")
            attached = tg.last().message.attachment
            assert attached is not None
            [in_file] = icalendar.Calendar.from_ical(attached.content).walk("VEVENT")
            assert str(in_file["uid"]) == str(vevent["uid"])
            uids.append(str(vevent["uid"]))
    assert uids[0] != uids[1]  # two CLPs' event #1 never collide in one calendar app
    assert all(u.startswith("event-1-") and u.endswith("@clpbot") for u in uids)


async def test_healthz_says_ok_while_the_database_answers(
    sqlite_url: str, clock: FrozenClock
) -> None:
    config = web_config(sqlite_url)
    tg, dc = platforms()
    async with running_app(config, tg, dc, clock=clock) as app:
        base = f"http://127.0.0.1:{config.web.port}"
        async with httpx.AsyncClient() as http:
            ok = await http.get(f"{base}/healthz")
            assert (ok.status_code, ok.text) == (200, "ok")
            assert (await http.get(f"{base}/calendar")).status_code == 404

            async def down() -> None:
                raise OSError("connection refused")

            app.storage.ping = down  # type: ignore[method-assign]
            failing = await http.get(f"{base}/healthz")
            assert failing.status_code == 503


async def test_an_unlisted_path_serves_the_feed_and_the_default_one_is_gone(
    sqlite_url: str, clock: FrozenClock
) -> None:
    config = web_config(sqlite_url, calendar_path="/cal-7f3a9c2e41.ics")
    tg, dc = platforms()
    async with running_app(config, tg, dc, clock=clock) as app:
        await store_event(app, "Housing", clock.now + timedelta(days=3))
        base = f"http://127.0.0.1:{config.web.port}"
        async with httpx.AsyncClient() as http:
            assert (await http.get(f"{base}/calendar.ics")).status_code == 404
            cal = parse(await http.get(f"{base}/cal-7f3a9c2e41.ics"))
        assert len(cal.walk("VEVENT")) == 1
        await tg.command("/calendar", user="ann")
        assert "webcal://bot.example-clp.org.uk/cal-7f3a9c2e41.ics" in tg.last().text


async def test_an_empty_feed_is_a_valid_calendar_with_the_clps_zone(
    sqlite_url: str, clock: FrozenClock
) -> None:
    config = web_config(sqlite_url)
    tg, dc = platforms()
    async with running_app(config, tg, dc, clock=clock), httpx.AsyncClient() as http:
        cal = parse(await http.get(feed_url(config)))
        again = await http.get(feed_url(config))
    assert cal.walk("VEVENT") == []
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/London"
    assert "last-modified" not in again.headers
    assert "etag" in again.headers
