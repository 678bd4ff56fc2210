"""When a (possibly repeating) event takes place.

A repeating event keeps its local wall-clock time across a clock change (a weekly 19:00
talk stays at 19:00 in BST and GMT), exactly like the RRULE in its calendar file.

Asked from a moment on, the walk starts near it, not at the first start: the rule's start
moves forward by whole weeks (weekly: the count goes down by as many) or whole months
(monthly without a count: every monthly pattern names its day, so the first of a month
is as good a start), in local wall-clock time, so a series begun years ago costs what a
new one does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule

from bot.stores.events import Event, Repeat
from commands.events.repeats import dateutil_fields, pattern

MAX_OCCURRENCES = 520


def _moved(
    event: Event, local: datetime, count: int | None, zone: ZoneInfo, since: datetime | None
) -> tuple[datetime, int | None]:
    """A later start for the rule, before every occurrence still on at `since`."""
    if since is None:
        return local, count
    near = (since - duration(event)).astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
    if event.repeat is Repeat.WEEKLY:
        weeks = max(0, (near - local).days // 7)
        return local + timedelta(weeks=weeks), None if count is None else count - weeks
    months = (near.year - local.year) * 12 + near.month - local.month - 1
    if count is not None or months <= 0:
        return local, count
    return local.replace(day=1) + relativedelta(months=months), None


def occurrences(event: Event, zone: ZoneInfo, since: datetime | None = None) -> Iterator[datetime]:
    """Every start, in UTC, in order (a one-off has one); with `since`, the walk may
    leave out starts whose occurrence ended before `since`."""
    if event.repeat is None:
        yield event.starts_at
        return
    first = event.starts_at.astimezone(zone).replace(tzinfo=None)
    local, count = _moved(event, first, event.repeat_count, zone, since)
    if count is not None and count <= 0:
        return
    until = (
        datetime.combine(event.repeat_until, datetime.max.time())
        if event.repeat_until is not None
        else None
    )
    rule = rrule(
        **dateutil_fields(pattern(event.repeat, first)),
        dtstart=local,
        until=until,
        count=count if until is None else None,
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
    return next((s for s in occurrences(event, zone, after) if s + length > after), None)


def next_start_after(event: Event, zone: ZoneInfo, after: datetime) -> datetime | None:
    """The first start strictly after `after` (for scheduling the next reminder)."""
    return next((s for s in occurrences(event, zone, after) if s > after), None)


def is_upcoming(event: Event, zone: ZoneInfo, now: datetime) -> bool:
    return not event.cancelled and next_start(event, zone, now) is not None
