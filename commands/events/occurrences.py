"""When a (possibly repeating) event takes place.

A repeating event keeps its local wall-clock time across a clock change (a weekly 19:00
talk stays at 19:00 in BST and GMT), exactly like the RRULE in its calendar file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule

from bot.stores.events import Event
from commands.events.repeats import dateutil_fields, pattern

MAX_OCCURRENCES = 520


def occurrences(event: Event, zone: ZoneInfo) -> Iterator[datetime]:
    """Every start, in UTC, in order (a one-off has one)."""
    if event.repeat is None:
        yield event.starts_at
        return
    local = event.starts_at.astimezone(zone).replace(tzinfo=None)
    until = (
        datetime.combine(event.repeat_until, datetime.max.time())
        if event.repeat_until is not None
        else None
    )
    rule = rrule(
        **dateutil_fields(pattern(event.repeat, local)),
        dtstart=local,
        until=until,
        count=event.repeat_count if until is None else None,
    )
    for n, start in enumerate(rule):
        if n >= MAX_OCCURRENCES:
            return
        yield start.replace(tzinfo=zone).astimezone(UTC)


def duration(event: Event) -> timedelta:
    return event.ends_at - event.starts_at


def next_start(event: Event, zone: ZoneInfo, after: datetime) -> datetime | None:
    """The first start whose occurrence has not ended by `after`."""
    length = duration(event)
    return next((s for s in occurrences(event, zone) if s + length > after), None)


def next_start_after(event: Event, zone: ZoneInfo, after: datetime) -> datetime | None:
    """The first start strictly after `after` (for scheduling the next reminder)."""
    return next((s for s in occurrences(event, zone) if s > after), None)


def is_upcoming(event: Event, zone: ZoneInfo, now: datetime) -> bool:
    return not event.cancelled and next_start(event, zone, now) is not None
