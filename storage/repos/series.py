"""A time after which no occurrence of a repeating series is still on, worked out without
the CLP's time zone (the store does not know it), so it is later than the true end: the
rows it keeps are checked exactly by the caller, the rows it drops are surely finished.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

WEEK = timedelta(days=7)
LONGEST_MONTHLY_GAP = timedelta(days=62)
"""Monthly on the 31st skips the months without one: at most two months apart."""
SLACK = timedelta(days=2)
"""Covers any zone's offset from UTC and a clock change."""


def series_ends_by(
    repeat: str | None,
    starts_at: datetime,
    ends_at: datetime,
    repeat_until: date | None,
    repeat_count: int | None,
) -> datetime | None:
    """None for one-offs and open-ended series."""
    if repeat is None:
        return None
    length = ends_at - starts_at
    if repeat_until is not None:
        return datetime.combine(repeat_until, time.min, UTC) + length + SLACK
    if repeat_count is not None:
        step = WEEK if repeat == "weekly" else LONGEST_MONTHLY_GAP
        return starts_at.astimezone(UTC) + length + step * repeat_count + SLACK
    return None
