"""Dates officers type for a consultation ("17 March", "2026-03-17", "next Friday 5pm").

A day without a time means the whole day: a consultation opens at the start of it and
closes at the end of it (23:59), in the CLP's time zone.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from bot.dates import names_a_time, read_moment

END_OF_DAY = time(23, 59)
EXAMPLES = "for example 17 March 2026, 2026-03-17 or next Friday 5pm"


def parse_moment(text: str, zone: ZoneInfo, now: datetime, *, closing: bool) -> datetime | None:
    """The moment `text` means, aware in UTC; None if it is not a date."""
    text = text.strip()
    if not text:
        return None
    parsed = read_moment(text, zone, now)
    if parsed is None:
        return None
    local = parsed.astimezone(zone)
    if not names_a_time(text):
        whole_day = END_OF_DAY if closing else time(0, 0)
        local = datetime.combine(local.date(), whole_day, tzinfo=zone)
    return local.astimezone(UTC)
