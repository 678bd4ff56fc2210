"""The next dates of a series are worked out from now, not walked from the first start:
the same dates either way, a series begun years ago as cheap as a new one, and the local
wall-clock time kept across the clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from bot.stores.events import Event, EventType, Repeat
from commands.events.occurrences import next_start, next_start_after, occurrences

LONDON = ZoneInfo("Europe/London")


def series(repeat: Repeat, first: datetime, *, hours: int = 2, **end: object) -> Event:
    start = first.replace(tzinfo=LONDON).astimezone(UTC)
    end_at = start + timedelta(hours=hours)
    return Event("Meeting", EventType.OTHER, start, end_at, repeat=repeat, **end)  # type: ignore[arg-type]


def walked(event: Event, after: datetime, n: int) -> list[datetime]:
    """The next n starts found by walking from the first one (the old way)."""
    length = event.ends_at - event.starts_at
    return list(islice((s for s in occurrences(event, LONDON) if s + length > after), n))


def from_now(event: Event, after: datetime, n: int) -> list[datetime]:
    length = event.ends_at - event.starts_at
    found = (s for s in occurrences(event, LONDON, after) if s + length > after)
    return list(islice(found, n))


NOW = datetime(2026, 9, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("repeat", list(Repeat))
@pytest.mark.parametrize("end", [{}, {"repeat_count": 200}, {"repeat_until": "2027-06-30"}])
def test_a_series_begun_long_ago_gives_the_same_next_dates(
    repeat: Repeat, end: dict[str, object]
) -> None:
    if "repeat_until" in end:
        end = {"repeat_until": datetime(2027, 6, 30).date()}
    event = series(repeat, datetime(2021, 1, 29, 19, 30), **end)  # type: ignore[arg-type]
    for days in range(0, 60, 3):
        after = NOW + timedelta(days=days, hours=days)
        assert from_now(event, after, 12) == walked(event, after, 12)


def test_the_weekly_time_stays_at_19_00_across_the_october_clock_change() -> None:
    event = series(Repeat.WEEKLY, datetime(2016, 3, 3, 19, 0))  # a Thursday, ten years ago
    after = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)
    found = [s.astimezone(LONDON) for s in from_now(event, after, 3)]
    assert [(s.day, s.month, s.hour, s.minute) for s in found] == [
        (15, 10, 19, 0),
        (22, 10, 19, 0),
        (29, 10, 19, 0),  # after the clocks go back on 25 October
    ]
    assert [s.astimezone(UTC).hour for s in found] == [18, 18, 19]


def test_a_weekly_series_begun_over_ten_years_ago_still_has_a_next_date() -> None:
    event = series(Repeat.WEEKLY, datetime(2014, 1, 2, 19, 0))
    start = next_start(event, LONDON, NOW)
    assert start is not None
    assert start.astimezone(LONDON).replace(tzinfo=None) == datetime(2026, 9, 24, 19, 0)
    assert next_start_after(event, LONDON, start) == start + timedelta(days=7)


def test_a_counted_series_ends_after_its_count_however_far_it_moved() -> None:
    event = series(Repeat.WEEKLY, datetime(2026, 1, 1, 19, 0), repeat_count=10)
    last = datetime(2026, 3, 5, 19, 0).replace(tzinfo=LONDON)
    assert next_start(event, LONDON, datetime(2026, 3, 5, 12, 0, tzinfo=UTC)) == last
    assert next_start(event, LONDON, datetime(2026, 3, 6, 12, 0, tzinfo=UTC)) is None


def test_an_occurrence_still_on_is_its_next_start() -> None:
    event = series(Repeat.WEEKLY, datetime(2016, 3, 3, 19, 0), hours=3)
    during = datetime(2026, 10, 29, 20, 30, tzinfo=UTC)  # 20:30 GMT, within 19:00-22:00
    start = next_start(event, LONDON, during)
    assert start == datetime(2026, 10, 29, 19, 0, tzinfo=UTC)
