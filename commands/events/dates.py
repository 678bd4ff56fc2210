"""How events' times read ("Tuesday 10 March 2026, 19:00 (GMT)"), and repeating times
("every Monday 09:00") turned into cron fields. Reading a typed date is `bot.dates`."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.dates import DAY_PATTERN, TIME_PATTERN, WEEKDAYS, parse_time_of_day, weekday_index


def describe(moment: datetime, zone: ZoneInfo) -> str:
    """'Tuesday 10 March 2026, 19:00 (GMT)': what officers confirm and members read."""
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({local.tzname()})"


def describe_relative(moment: datetime, zone: ZoneInfo, now: datetime) -> str:
    """'today, 18:00 (GMT)', 'tomorrow, 09:00 (GMT)', or the full date further away."""
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    days = (local.date() - today).days
    if days in (0, 1):
        return f"{'today' if days == 0 else 'tomorrow'}, {local:%H:%M} ({local.tzname()})"
    return describe(moment, zone)


def describe_short(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


# --- repeating times -------------------------------------------------------------------

_EVERY = re.compile(
    rf"^\s*every\s+(?P<days>day|weekday|(?:{DAY_PATTERN}(?:\s*(?:,|and|&)\s*)?)+)"
    rf"(?:\s+at)?\s+(?P<time>{TIME_PATTERN})\s*$",
    re.IGNORECASE,
)
_MONTHLY = re.compile(
    rf"^\s*every\s+month\s+on\s+the\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s+at)?\s+(?P<time>{TIME_PATTERN})\s*$",
    re.IGNORECASE,
)


def parse_recurrence(text: str) -> tuple[dict[str, Any], str] | None:
    """Cron fields and a description for 'every Monday 09:00', 'every day 8am',
    'every weekday 07:30', 'every Monday and Thursday 18:00', 'every month on the 1st 9am'."""
    monthly = _MONTHLY.match(text)
    if monthly:
        clock = parse_time_of_day(monthly.group("time"))
        day = int(monthly.group("day"))
        if clock is None or not 1 <= day <= 28:
            return None
        monthly_fields: dict[str, Any] = {"day": day, "hour": clock.hour, "minute": clock.minute}
        return monthly_fields, f"every month on day {day} at {clock:%H:%M}"
    match = _EVERY.match(text)
    if not match:
        return None
    clock = parse_time_of_day(match.group("time"))
    if clock is None:
        return None
    days = match.group("days").lower()
    fields: dict[str, Any] = {"hour": clock.hour, "minute": clock.minute}
    if days == "weekday":
        fields["day_of_week"] = "mon-fri"
        said = "every weekday"
    elif days != "day":
        names = [WEEKDAYS[weekday_index(d)] for d in re.findall(DAY_PATTERN, days, re.IGNORECASE)]
        names = list(dict.fromkeys(names))
        fields["day_of_week"] = ",".join(n[:3] for n in names)
        said = "every " + " and ".join(n.title() for n in names)
    else:
        said = "every day"
    return fields, f"{said} at {clock:%H:%M}"
