"""Neighbouring CLPs' events, read from their iCalendar feeds (`[events] neighbours`).

Each feed is fetched with httpx (a timeout; any failure is logged and the cached events
stay) every `neighbour_refresh_minutes`, parsed with icalendar and cached in a table that
/events reads. Read-only: no RSVPs. Every future event in the feed is kept, however far
ahead; a series with an end (COUNT or UNTIL) is kept whole, one without an end for the next
`OPEN_ENDED` (a year), each series at most `MAX_OCCURRENCES` times.

The refresh is a background task rather than a schedule row: a job's handler runs inside
its claim's transaction, and holding that open across slow HTTP would block other writers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from bot.context import Services
from bot.richtext import shorten
from bot.router import Router
from bot.stores.events import NEIGHBOUR_EVENTS, NeighbourEvent

router = Router("events.neighbours")
log = logging.getLogger("clpbot.events.neighbours")
OPEN_ENDED = timedelta(days=366)
MAX_OCCURRENCES = 520
_tasks: dict[int, asyncio.Task[None]] = {}


def _moment(value: Any, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=zone)
        return aware.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=zone).astimezone(UTC)
    raise ValueError(f"not a date: {shorten(value)!r}")


def parse_feed(clp: str, data: bytes, zone: ZoneInfo, now: datetime) -> list[NeighbourEvent]:
    """The feed's events from `now` on; repeating ones expanded."""
    import icalendar  # loaded with the first feed read, not at start-up

    calendar = icalendar.Calendar.from_ical(data)
    found: list[NeighbourEvent] = []
    for item in calendar.walk("VEVENT"):
        if str(item.get("status", "")).upper() == "CANCELLED" or item.get("dtstart") is None:
            continue
        raw_start = item.decoded("dtstart")
        start = _moment(raw_start, zone)
        end = _moment(item.decoded("dtend"), zone) if item.get("dtend") is not None else None
        length = (end - start) if end is not None else timedelta(0)
        starts = [start]
        if item.get("rrule") is not None:
            starts = _expand(item, raw_start, zone, now)
        for s in starts:
            if now <= s:
                found.append(
                    NeighbourEvent(
                        clp=clp,
                        uid=str(item.get("uid", "")) or f"{item.get('summary')}@{s.isoformat()}",
                        title=str(item.get("summary", "Untitled event")),
                        starts_at=s,
                        ends_at=s + length if end is not None else None,
                        place=str(item.get("location", "")),
                        url=str(item.get("url", "")),
                    )
                )
    return sorted(found, key=lambda e: e.starts_at)


def _expand(item: Any, raw_start: Any, zone: ZoneInfo, now: datetime) -> list[datetime]:
    if not isinstance(raw_start, datetime):
        raw_start = datetime.combine(raw_start, time(0, 0))
    local_zone = raw_start.tzinfo or zone
    local = raw_start.replace(tzinfo=None) if raw_start.tzinfo else raw_start
    text = item.get("rrule").to_ical().decode()
    if "UNTIL=" in text and "Z" in text.split("UNTIL=", 1)[1].split(";", 1)[0]:
        # dateutil wants UNTIL in the start's own (here: naive local) terms
        until = item.get("rrule").get("UNTIL")[0]
        until_local = _moment(until, zone).astimezone(local_zone).replace(tzinfo=None)
        text = ";".join(
            f"UNTIL={until_local:%Y%m%dT%H%M%S}" if part.startswith("UNTIL=") else part
            for part in text.split(";")
        )
    rule = rrulestr(text, dtstart=local)
    ends = "UNTIL=" in text or "COUNT=" in text
    limit = (now + OPEN_ENDED).astimezone(local_zone).replace(tzinfo=None)
    starts: list[datetime] = []
    for occurrence in rule:
        if len(starts) >= MAX_OCCURRENCES or (not ends and occurrence > limit):
            break
        start = occurrence.replace(tzinfo=local_zone).astimezone(UTC)
        if start >= now:  # only the coming ones count towards the limit
            starts.append(start)
    return starts


async def refresh(services: Services) -> int:
    """Read every configured feed once; returns how many were read successfully."""
    import httpx  # loaded with the first neighbours' feed read, not at start-up

    config = services.config.events
    read = 0
    async with httpx.AsyncClient(
        timeout=config.neighbour_timeout_seconds, follow_redirects=True, trust_env=False
    ) as client:
        for feed in config.neighbours:
            try:
                response = await client.get(feed.url)
                response.raise_for_status()
                now = services.clock()
                events = parse_feed(feed.clp, response.content, services.config.clp.zone, now)
            except Exception as error:
                log.warning("could not read %s's calendar %s: %s", feed.clp, feed.url, error)
                continue
            async with services.storage.unit() as uow:
                await uow.get(NEIGHBOUR_EVENTS).replace(feed.clp, events, now)
            read += 1
    return read


async def _keep_refreshing(services: Services) -> None:
    while True:
        try:
            await refresh(services)
        except Exception:
            log.exception("reading neighbouring CLPs' calendars failed")
        await asyncio.sleep(services.config.events.neighbour_refresh_minutes * 60)


@router.on_startup
async def start_refreshing(services: Services) -> None:
    if services.config.events.neighbours:
        _tasks[id(services)] = asyncio.create_task(_keep_refreshing(services), name="neighbours")


@router.on_shutdown
async def stop_refreshing(services: Services) -> None:
    task = _tasks.pop(id(services), None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
