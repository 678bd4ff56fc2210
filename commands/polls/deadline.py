"""Reading a poll's deadline as officers type it ("Friday 18:00", "in 3 days", "12 June 9am")."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import dateparser


def parse_deadline(text: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The moment in UTC, read in the CLP's time zone, or None when it cannot be read."""
    text = " ".join(text.split())
    if not text:
        return None
    found = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "TIMEZONE": zone.key,
            "TO_TIMEZONE": zone.key,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DATES_FROM": "future",
            "DATE_ORDER": "DMY",
            "RELATIVE_BASE": now.astimezone(zone).replace(tzinfo=None),
        },
    )
    return found.astimezone(UTC) if found is not None else None
