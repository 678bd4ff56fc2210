"""The dates and times people type ("next Tuesday 7pm", "14 March 18:30", "in 3 weeks"),
read in the CLP's time zone: one reader for every feature, so a phrase means the same
moment for an event, a poll deadline, a consultation and a review.

dateparser does the general reading. Two British phrasings it gets wrong are settled
first:

- "next Tuesday" is the Tuesday of next week (from Monday 2 March: Tuesday 10 March);
  dateparser reads it as the coming Tuesday.
- "3 weeks from today", "a week today" and "2 days from now": dateparser drops the
  "from today" and reads "3 weeks" as three weeks *ago*. They become "in 3 weeks".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_PATTERN = r"(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_NEXT_WEEKDAY = re.compile(rf"^next\s+{DAY_PATTERN}\b(.*)$", re.IGNORECASE)
_FROM_TODAY = re.compile(
    r"^(\d{1,3}|an?|one|two|three|four|five|six)\s+(days?|weeks?|months?|years?)"
    r"\s+(?:from\s+(?:today|now)|today)\b(.*)$",
    re.IGNORECASE,
)
TIME_PATTERN = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?"


def read_moment(
    text: str, zone: ZoneInfo, now: datetime, *, prefer: Literal["future", "past"] = "future"
) -> datetime | None:
    """The moment `text` names, aware in UTC, or None when it cannot be read.

    `now` is the app's clock (tests freeze it); a day alone means its midnight, and an
    ambiguous date ("14 March") is taken from the future, or the past with `prefer="past"`.
    """
    text = " ".join(text.split())
    if not text:
        return None
    local_now = now.astimezone(zone)
    match = _NEXT_WEEKDAY.match(text)
    if match and prefer == "future":
        this_monday = local_now.date() - timedelta(days=local_now.weekday())
        day = this_monday + timedelta(days=7 + weekday_index(match.group(1)))
        return _on_day(day, match.group(2), zone)
    if match := _FROM_TODAY.match(text):
        text = f"in {match.group(1)} {match.group(2)}{match.group(3)}"
    settings: dict[str, Any] = {
        "TIMEZONE": zone.key,
        "TO_TIMEZONE": zone.key,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": prefer,
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
    }
    import dateparser  # 0.15 s to import, and more for its data: loaded at the first date read

    found: datetime | None = dateparser.parse(text, languages=["en"], settings=settings)
    return found.astimezone(UTC) if found is not None else None


_NAMES_A_TIME = re.compile(
    r"\d[:.]\d\d|\d\s*(am|pm)\b|\b(noon|midday|midnight|now|hours?|hrs?|minutes?|mins?)\b",
    re.IGNORECASE,
)


def names_a_time(text: str) -> bool:
    """Whether `text` gives a time of day ("19:00", "7pm", "noon", "in 2 hours"), not only a
    day ("tomorrow", "next Friday", "14 March"), which read_moment would fill in itself."""
    return _NAMES_A_TIME.search(text) is not None


def parse_time_of_day(text: str) -> time | None:
    """ "19:00", "7pm", "7.30 pm": a time of day, or None."""
    match = re.fullmatch(TIME_PATTERN, text.strip(), re.IGNORECASE)
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


def weekday_index(word: str) -> int:
    return next(n for n, name in enumerate(WEEKDAYS) if name.startswith(word.lower()[:3]))


def _on_day(day: date, rest: str, zone: ZoneInfo) -> datetime | None:
    rest = re.sub(r"^\s*(at|,)\s*", "", rest.strip(), flags=re.IGNORECASE)
    clock = parse_time_of_day(rest) if rest else time(0, 0)
    if clock is None:
        return None
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)
