"""Dates officers type ("next Tuesday 7pm", "14 March 18:30", "tomorrow 19:00"), read in the
CLP's time zone, and repeating times ("every Monday 09:00") turned into cron fields.

dateparser does the general reading. British "next Tuesday" means the Tuesday of next week
(from Monday 2 March: Tuesday 10 March), which dateparser reads as the coming Tuesday, so
"next <weekday>" is resolved here and only the time of day is left to dateparser.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import dateparser

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = r"(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_NEXT_WEEKDAY = re.compile(rf"^\s*next\s+{_DAY}\b(.*)$", re.IGNORECASE)
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?"


def _settings(zone: ZoneInfo, now: datetime) -> dict[str, Any]:
    return {
        "TIMEZONE": zone.key,
        "TO_TIMEZONE": zone.key,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": now.astimezone(zone).replace(tzinfo=None),
    }


def _weekday_index(word: str) -> int:
    return next(n for n, name in enumerate(WEEKDAYS) if name.startswith(word.lower()[:3]))


def parse_when(text: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The moment `text` names, in UTC, or None when it cannot be read."""
    text = " ".join(text.strip().split())
    if not text:
        return None
    local_now = now.astimezone(zone)
    match = _NEXT_WEEKDAY.match(text)
    if match:
        this_monday = local_now.date() - timedelta(days=local_now.weekday())
        day = this_monday + timedelta(days=7 + _weekday_index(match.group(1)))
        return _on_day(day, match.group(2), zone, now)
    found: datetime | None = dateparser.parse(text, languages=["en"], settings=_settings(zone, now))
    if found is None:
        return None
    return found.astimezone(UTC)


def _on_day(day: date, rest: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    rest = re.sub(r"^\s*(at|,)\s*", "", rest.strip(), flags=re.IGNORECASE)
    clock = parse_time_of_day(rest) if rest else time(0, 0)
    if clock is None:
        return None
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def parse_time_of_day(text: str) -> time | None:
    match = re.fullmatch(_TIME, text.strip(), re.IGNORECASE)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def describe(moment: datetime, zone: ZoneInfo) -> str:
    """'Tuesday 10 March 2026, 19:00 (GMT)': what officers confirm and members read."""
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({local.tzname()})"


def describe_short(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


# --- repeating times -------------------------------------------------------------------

_EVERY = re.compile(
    rf"^\s*every\s+(?P<days>day|weekday|(?:{_DAY}(?:\s*(?:,|and|&)\s*)?)+)"
    rf"(?:\s+at)?\s+(?P<time>{_TIME})\s*$",
    re.IGNORECASE,
)
_MONTHLY = re.compile(
    rf"^\s*every\s+month\s+on\s+the\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s+at)?\s+(?P<time>{_TIME})\s*$",
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
        names = [WEEKDAYS[_weekday_index(d)] for d in re.findall(_DAY, days, re.IGNORECASE)]
        names = list(dict.fromkeys(names))
        fields["day_of_week"] = ",".join(n[:3] for n in names)
        said = "every " + " and ".join(n.title() for n in names)
    else:
        said = "every day"
    return fields, f"{said} at {clock:%H:%M}"
