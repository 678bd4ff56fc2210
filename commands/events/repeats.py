"""The repeat patterns of events, as one rule for the occurrences, the RRULE of calendar
files and the words members read.

Every pattern takes its weekday and day from the first start in the CLP's time zone:
weekly on that weekday; monthly on that day of the month (months without a 29th, 30th or
31st are skipped, as RFC 5545 does: for the end of every month choose "the last day");
monthly on the nth (first to fourth) or last such weekday; or on the last day of the month.
With no end date and no count a series is open-ended.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dateutil.rrule import MONTHLY, WEEKLY, weekday

from bot.stores.events import Repeat
from commands.events.dates import ORDINAL_NAMES, SHORT_MONTHS, ordinal

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True, slots=True)
class Pattern:
    monthly: bool
    weekday: int | None = None
    """0 = Monday; with `nth` for monthly patterns, alone for weekly."""
    nth: int | None = None
    """1-4, or -1 for the last."""
    month_day: int | None = None
    """1-31, or -1 for the last day."""


def nth_of_month(local: datetime) -> int:
    """Which of its weekday this day is in its month: 1-4, or 5 for a fifth."""
    return (local.day - 1) // 7 + 1


def is_last_of_month(local: datetime) -> bool:
    return local.day + 7 > calendar.monthrange(local.year, local.month)[1]


def is_month_end(local: datetime) -> bool:
    return local.day == calendar.monthrange(local.year, local.month)[1]


def pattern(repeat: Repeat, local_start: datetime) -> Pattern:
    day = local_start.weekday()
    if repeat is Repeat.WEEKLY:
        return Pattern(monthly=False, weekday=day)
    if repeat is Repeat.MONTHLY_NTH:
        nth = nth_of_month(local_start)
        return Pattern(monthly=True, weekday=day, nth=nth if nth <= 4 else -1)
    if repeat is Repeat.MONTHLY_LAST:
        return Pattern(monthly=True, weekday=day, nth=-1)
    if repeat is Repeat.MONTHLY_END:
        return Pattern(monthly=True, month_day=-1)
    return Pattern(monthly=True, month_day=local_start.day)


def dateutil_fields(p: Pattern) -> dict[str, Any]:
    """Keyword arguments for `dateutil.rrule.rrule`."""
    fields: dict[str, Any] = {"freq": MONTHLY if p.monthly else WEEKLY}
    if p.weekday is not None:
        fields["byweekday"] = weekday(p.weekday, p.nth) if p.nth else weekday(p.weekday)
    if p.month_day is not None:
        fields["bymonthday"] = p.month_day
    return fields


def ical_fields(p: Pattern) -> dict[str, Any]:
    """The RRULE parts for icalendar (without UNTIL or COUNT)."""
    fields: dict[str, Any] = {"freq": "monthly" if p.monthly else "weekly"}
    if p.weekday is not None:
        code = DAY_CODES[p.weekday]
        fields["byday"] = f"{p.nth}{code}" if p.nth else code
    if p.month_day is not None:
        fields["bymonthday"] = p.month_day
    return fields


def describe_pattern(repeat: Repeat, local_start: datetime) -> str:
    """'weekly on Thursdays', 'monthly on the 12th', 'on the second Thursday of every month'."""
    p = pattern(repeat, local_start)
    if not p.monthly:
        return f"weekly on {calendar.day_name[local_start.weekday()]}s"
    if p.nth is not None:
        name = calendar.day_name[local_start.weekday()]
        return f"on the {ORDINAL_NAMES[p.nth]} {name} of every month"
    if p.month_day == -1:
        return "on the last day of every month"
    rule = f" ({SHORT_MONTHS})" if local_start.day > 28 else ""
    return f"monthly on the {ordinal(local_start.day)}{rule}"


def monthly_choices(local_start: datetime) -> list[tuple[str, Repeat]]:
    """The monthly patterns a start fits, in the words of the buttons."""
    name = calendar.day_name[local_start.weekday()]
    found = [(f"On the {ordinal(local_start.day)}", Repeat.MONTHLY)]
    nth = nth_of_month(local_start)
    if nth <= 4:
        found.append((f"On the {ORDINAL_NAMES[nth]} {name}", Repeat.MONTHLY_NTH))
    if is_last_of_month(local_start):
        found.append((f"On the last {name}", Repeat.MONTHLY_LAST))
    if is_month_end(local_start):
        found.append(("On the last day", Repeat.MONTHLY_END))
    return found
