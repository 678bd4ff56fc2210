"""The calendar feed's read: what it leaves out, and that it costs what it shows (LIMIT),
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.stores.events import EVENTS, Event, EventType, Repeat
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


async def add(storage: SqlStorage, title: str, days: float, **extra: object) -> None:
    start = NOW + timedelta(days=days)
    event = Event(title, EventType.WORKSHOP, start, start + timedelta(hours=2), created_at=NOW)
    for name, value in extra.items():
        setattr(event, name, value)
    async with storage.unit() as uow:
        await uow.get(EVENTS).add(event)


async def test_the_feed_reads_upcoming_events_and_cancelled_ones_by_first_start(
    storage: SqlStorage,
) -> None:
    await add(storage, "over", -2)
    await add(storage, "soon", 3)
    await add(storage, "called off", 1, cancelled=True)
    await add(storage, "ended series", -100, repeat=Repeat.WEEKLY, repeat_until=date(2026, 3, 1))
    await add(storage, "ends today", -100, repeat=Repeat.WEEKLY, repeat_until=date(2026, 3, 2))
    await add(storage, "open series", -50, repeat=Repeat.MONTHLY)
    async with storage.unit() as uow:
        found = await uow.get(EVENTS).for_feed(NOW, date(2026, 3, 2), 10)
        first_two = await uow.get(EVENTS).for_feed(NOW, date(2026, 3, 2), 2)
    assert [e.title for e in found] == ["ends today", "open series", "called off", "soon"]
    assert [e.title for e in first_two] == ["ends today", "open series"]
