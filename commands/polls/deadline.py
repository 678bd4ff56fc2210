"""Reading a poll's deadline as officers type it ("Friday 18:00", "in 3 days", "12 June 9am")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.dates import read_moment


def parse_deadline(text: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The moment in UTC, read in the CLP's time zone, or None when it cannot be read."""
    return read_moment(text, zone, now)
