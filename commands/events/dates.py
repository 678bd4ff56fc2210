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
    rf"^\s*every\s+month\s+on\s+the\s+(?P<day>\d{{1,2}}|last(?:\s+day)?)(?:st|nd|rd|th)?"
    rf"(?:\s+at)?\s+(?P<time>{TIME_PATTERN})\s*$",
    re.IGNORECASE,
)
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
ORDINALS |= {"fourth": 4, "4th": 4, "last": -1}
ORDINAL_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_NTH_WEEKDAY = re.compile(
    rf"^\s*(?:every\s+)?(?:the\s+)?(?P<nth>{'|'.join(ORDINALS)})\s+(?P<day>{DAY_PATTERN})"
    rf"\s+(?:of\s+)?(?:the\s+|each\s+|every\s+)?month(?:\s+at)?\s+(?P<time>{TIME_PATTERN})\s*$",
    re.IGNORECASE,
)
_LAST_DAY = re.compile(
    rf"^\s*(?:every\s+|on\s+)?(?:the\s+)?last\s+day\s+of\s+(?:the\s+|each\s+|every\s+)?month"
    rf"(?:\s+at)?\s+(?P<time>{TIME_PATTERN})\s*$",
    re.IGNORECASE,
)
SHORT_MONTHS = "months without that day are skipped"
"""The short-month rule, for days 29-31: skipped, as RFC 5545 and cron both do. Officers
who want the end of every month say "the last day of the month"."""


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _monthly_fields(text: str) -> tuple[dict[str, Any], str] | None:
    """'every month on the 1st 9am', '... on the 31st' (short months skipped), 'the last day
    of the month 9am', 'every second Thursday of the month 19:00', 'last Friday of the month'."""
    nth = _NTH_WEEKDAY.match(text)
    last = _LAST_DAY.match(text)
    monthly = _MONTHLY.match(text)
    found = nth or last or monthly
    if found is None:
        return None
    clock = parse_time_of_day(found.group("time"))
    if clock is None:
        return None
    at = f" at {clock:%H:%M}"
    fields: dict[str, Any] = {"hour": clock.hour, "minute": clock.minute}
    if nth is not None:
        n = ORDINALS[nth.group("nth").lower()]
        weekday = WEEKDAYS[weekday_index(nth.group("day"))]
        fields["day"] = f"{'last' if n == -1 else ordinal(n)} {weekday[:3]}"
        return fields, f"on the {ORDINAL_NAMES[n]} {weekday.title()} of every month{at}"
    day_text = monthly.group("day").lower() if monthly is not None else "last"
    if day_text.startswith("last"):
        fields["day"] = "last"
        return fields, f"on the last day of every month{at}"
    day = int(day_text)
    if not 1 <= day <= 31:
        return None
    fields["day"] = day
    rule = f" ({SHORT_MONTHS})" if day > 28 else ""
    return fields, f"every month on the {ordinal(day)}{at}{rule}"


def parse_recurrence(text: str) -> tuple[dict[str, Any], str] | None:
    """Cron fields and a description for 'every Monday 09:00', 'every day 8am',
    'every weekday 07:30', 'every Monday and Thursday 18:00', and the monthly forms of
    `_monthly_fields`."""
    monthly = _monthly_fields(text)
    if monthly is not None:
        return monthly
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
