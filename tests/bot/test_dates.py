"""`bot.dates.read_moment`: what officers type, read in the CLP's time zone the same way for
every feature. "Now" is Monday 30 November 2026, 12:00 in London."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates import parse_time_of_day, read_moment
from commands.consultations.dates import parse_moment

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def local(text: str, prefer: str = "future") -> str | None:
    found = read_moment(text, LONDON, NOW, prefer=prefer)  # type: ignore[arg-type]
    return found.astimezone(LONDON).strftime("%a %d %b %Y %H:%M") if found else None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("next Tuesday 7pm", "Tue 08 Dec 2026 19:00"),  # British: Tuesday of next week
        ("next friday", "Fri 11 Dec 2026 00:00"),
        ("Friday 6pm", "Fri 04 Dec 2026 18:00"),  # the coming Friday
        ("this Thursday 7pm", "Thu 03 Dec 2026 19:00"),
        ("tomorrow 19:00", "Tue 01 Dec 2026 19:00"),
        ("in 3 weeks", "Mon 21 Dec 2026 12:00"),
        ("3 weeks from today", "Mon 21 Dec 2026 12:00"),  # dateparser alone: 3 weeks ago
        ("2 days from now", "Wed 02 Dec 2026 12:00"),
        ("a week today", "Mon 07 Dec 2026 12:00"),  # dateparser alone: a week ago
        ("14 March 18:30", "Sun 14 Mar 2027 18:30"),  # the next 14 March
        ("17/12/2026", "Thu 17 Dec 2026 00:00"),  # day first
        ("2026-12-17", "Thu 17 Dec 2026 00:00"),
        ("  next   Tuesday   at 7.30pm ", "Tue 08 Dec 2026 19:30"),
        ("30 June 2027 20:00", "Wed 30 Jun 2027 20:00"),  # summer time: shown as typed
    ],
)
def test_common_phrasings(typed: str, meant: str) -> None:
    assert local(typed) == meant


@pytest.mark.parametrize("typed", ["", "   ", "banana o'clock", "next Tuesday 25pm"])
def test_what_is_not_a_date(typed: str) -> None:
    assert read_moment(typed, LONDON, NOW) is None


def test_past_preference_for_days_already_gone() -> None:
    assert local("14 March", prefer="past") == "Sat 14 Mar 2026 00:00"
    assert local("next Tuesday", prefer="past") is not None  # not forced into the future


def test_a_phrase_means_the_same_moment_in_every_feature() -> None:
    """Events, announcements and poll deadlines call read_moment itself; a consultation
    adds only its whole-day rule, which a phrase with a time does not touch."""
    event = read_moment("next Friday 5pm", LONDON, NOW)
    assert parse_moment("next Friday 5pm", LONDON, NOW, closing=True) == event


def test_summer_time_is_kept_in_utc() -> None:
    found = read_moment("30 June 2027 20:00", LONDON, NOW)
    assert found == datetime(2027, 6, 30, 19, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "hour", "minute"),
    [("19:00", 19, 0), ("7pm", 19, 0), ("7.30 pm", 19, 30), ("12am", 0, 0), ("12pm", 12, 0)],
)
def test_times_of_day(typed: str, hour: int, minute: int) -> None:
    found = parse_time_of_day(typed)
    assert found is not None
    assert (found.hour, found.minute) == (hour, minute)


@pytest.mark.parametrize("typed", ["25:00", "13pm", "0am", "7:60", "seven"])
def test_what_is_not_a_time_of_day(typed: str) -> None:
    assert parse_time_of_day(typed) is None
