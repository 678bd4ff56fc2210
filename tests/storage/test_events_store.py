"""The event, announcement and neighbour stores, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.exc import OperationalError

from bot.model import ChatKind, ChatRef, Identity
from bot.stores.events import (
    ANNOUNCEMENTS,
    EVENTS,
    NEIGHBOUR_EVENTS,
    Announcement,
    AnnouncementState,
    Event,
    EventType,
    NeighbourEvent,
    Repeat,
    RsvpStatus,
)
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def member(name: str) -> Identity:
    return Identity("telegram", name, name.title())


async def add_event(storage: SqlStorage, *, capacity: int | None = 2, **extra: object) -> int:
    when = {"starts_at": NOW + timedelta(days=7), "ends_at": NOW + timedelta(days=7, hours=2)}
    event = Event(
        title="Workshop",
        type=EventType.WORKSHOP,
        capacity=capacity,
        created_at=NOW,
        **(when | extra),  # type: ignore[arg-type]
    )
    async with storage.unit() as uow:
        await uow.get(EVENTS).add(event)
    assert event.id is not None
    return event.id


async def test_an_event_round_trips(storage: SqlStorage) -> None:
    event_id = await add_event(
        storage, repeat=Repeat.MONTHLY, repeat_until=date(2026, 6, 30), speaker="Jo"
    )
    async with storage.unit() as uow:
        event = await uow.get(EVENTS).get(event_id)
        assert event is not None
        assert event.starts_at == NOW + timedelta(days=7)
        assert event.repeat is Repeat.MONTHLY
        assert event.repeat_until == date(2026, 6, 30)
        assert event.speaker == "Jo"
        assert [e.id for e in await uow.get(EVENTS).active(NOW)] == [event_id]
        event.cancelled = True
        await uow.get(EVENTS).update(event)
        assert await uow.get(EVENTS).active(NOW) == []


async def test_capacity_waiting_list_and_promotion(storage: SqlStorage) -> None:
    event_id = await add_event(storage, capacity=2)
    async with storage.unit() as uow:
        store = uow.get(EVENTS)
        outcomes = [
            await store.rsvp(event_id, member(n), NOW) for n in ("ann", "bob", "cat", "dan")
        ]
        assert [o.rsvp.status for o in outcomes] == [RsvpStatus.GOING] * 2 + [
            RsvpStatus.WAITING
        ] * 2
        assert [o.waiting_position for o in outcomes] == [None, None, 1, 2]
        again = await store.rsvp(event_id, member("cat"), NOW)
        assert again.already
        assert again.waiting_position == 1
        assert await store.set_access_needs(event_id, member("bob"), "hearing loop")
        assert not await store.set_access_needs(event_id, member("zed"), "x")
        result = await store.cancel_rsvp(event_id, member("ann"), NOW)
        assert result.cancelled is not None
        assert [p.member.user_id for p in result.promoted] == ["cat"]
        assert await store.going_counts([event_id]) == {event_id: 2}
        rsvps = await store.rsvps(event_id)
        assert [(r.member.user_id, r.status) for r in rsvps] == [
            ("bob", RsvpStatus.GOING),
            ("cat", RsvpStatus.GOING),
            ("dan", RsvpStatus.WAITING),
        ]
        assert rsvps[0].access_needs == "hearing loop"
        # replying again after cancelling goes to the back of the queue
        back = await store.rsvp(event_id, member("ann"), NOW)
        assert back.waiting_position == 2


async def test_replies_per_date_every_date_and_maybe(storage: SqlStorage) -> None:
    event_id = await add_event(storage, capacity=1, repeat=Repeat.WEEKLY)
    first, second = NOW + timedelta(days=7), NOW + timedelta(days=14)
    async with storage.unit() as uow:
        store = uow.get(EVENTS)
        ann = await store.rsvp(event_id, member("ann"), NOW, first)
        assert ann.rsvp.status is RsvpStatus.GOING
        assert ann.rsvp.occurrence == first
        bob_first = await store.rsvp(event_id, member("bob"), NOW, first)
        assert bob_first.rsvp.status is RsvpStatus.WAITING  # one place a date
        bob_second = await store.rsvp(event_id, member("bob"), NOW, second)
        assert bob_second.rsvp.status is RsvpStatus.GOING  # the other date has room
        cat = await store.rsvp(event_id, member("cat"), NOW)  # every date: full on both
        assert cat.rsvp.status is RsvpStatus.WAITING
        dan = await store.rsvp(event_id, member("dan"), NOW, first, maybe=True)
        assert dan.rsvp.status is RsvpStatus.MAYBE  # takes no place
        assert await store.going_counts([event_id], {event_id: first}) == {event_id: 1}
        assert [r.member.user_id for r in await store.rsvps(event_id, second)] == ["bob", "cat"]
        maybe = await store.rsvp(event_id, member("ann"), NOW, first, maybe=True)
        assert [r.member.user_id for r in maybe.promoted] == ["bob"]  # her place moved up
        mine = await store.rsvp_of(event_id, member("bob"), first)
        assert mine is not None
        assert mine.status is RsvpStatus.GOING
        gone = await store.cancel_rsvp(event_id, member("bob"), NOW, first)
        assert gone.cancelled is not None
        assert gone.promoted == ()  # cat wants every date: the second is still taken
        everywhere = await store.rsvp(event_id, member("bob"), NOW)  # his place is his
        assert everywhere.rsvp.status is RsvpStatus.GOING
        dates = await store.rsvps_of(member("bob"))
        assert [r.status for r in dates if r.occurrence] == [RsvpStatus.CANCELLED] * 2


async def test_concurrent_replies_never_overbook(storage: SqlStorage) -> None:
    event_id = await add_event(storage, capacity=5)

    async def reply(n: int) -> RsvpStatus:
        for _ in range(20):  # SQLite may say "locked" under contention: try again
            try:
                async with storage.unit() as uow:
                    outcome = await uow.get(EVENTS).rsvp(event_id, member(f"m{n}"), NOW)
                    return outcome.rsvp.status
            except OperationalError:
                await asyncio.sleep(0.01)
        raise AssertionError("could not reply")

    statuses = await asyncio.gather(*(reply(n) for n in range(20)))
    assert statuses.count(RsvpStatus.GOING) == 5
    assert statuses.count(RsvpStatus.WAITING) == 15
    async with storage.unit() as uow:
        assert await uow.get(EVENTS).going_counts([event_id]) == {event_id: 5}


async def test_announcements(storage: SqlStorage) -> None:
    chat = ChatRef("discord", "555", ChatKind.CHANNEL)
    async with storage.unit() as uow:
        store = uow.get(ANNOUNCEMENTS)
        a = await store.add(Announcement("Hello", [chat], NOW, created_at=NOW))
        b = await store.add(
            Announcement("Weekly", None, NOW, recurrence={"day_of_week": "mon", "hour": 9})
        )
    assert a.id is not None
    assert b.id is not None
    async with storage.unit() as uow:
        store = uow.get(ANNOUNCEMENTS)
        got = await store.get(a.id)
        assert got is not None
        assert got.targets == [chat]
        await store.set_state(a.id, AnnouncementState.DONE)
        await store.set_due(b.id, NOW + timedelta(days=7))
        [left] = await store.scheduled()
        assert left.targets is None
        assert left.recurrence == {"day_of_week": "mon", "hour": 9}
        assert left.due_at == NOW + timedelta(days=7)


async def test_neighbour_events_are_replaced_per_clp(storage: SqlStorage) -> None:
    def ev(clp: str, uid: str, days: int) -> NeighbourEvent:
        return NeighbourEvent(clp, uid, uid.title(), NOW + timedelta(days=days))

    async with storage.unit() as uow:
        store = uow.get(NEIGHBOUR_EVENTS)
        await store.replace("A", [ev("A", "one", 1), ev("A", "one", 1), ev("A", "old", -1)], NOW)
        await store.replace("B", [ev("B", "two", 2)], NOW)
        await store.replace("A", [ev("A", "three", 3)], NOW)
        upcoming = await store.upcoming(NOW)
    assert [(e.clp, e.uid) for e in upcoming] == [("B", "two"), ("A", "three")]


async def test_finished_series_are_not_read(storage: SqlStorage) -> None:
    """A series past its end date or its count leaves the active set in SQL; open-ended
    series, series still running and (by the bound's slack) ones just ended are read."""

    async def begun_long_ago(repeat: Repeat, **end: object) -> int:
        start = NOW - timedelta(days=400)
        return await add_event(storage, repeat=repeat, starts_at=start, ends_at=start, **end)  # type: ignore[arg-type]

    until_over = await begun_long_ago(Repeat.WEEKLY, repeat_until=date(2026, 1, 31))
    count_over = await begun_long_ago(Repeat.WEEKLY, repeat_count=10)
    monthly_over = await begun_long_ago(Repeat.MONTHLY, repeat_count=5)
    open_ended = await begun_long_ago(Repeat.WEEKLY)
    running = await begun_long_ago(Repeat.MONTHLY, repeat_count=20)
    until_on = await begun_long_ago(Repeat.WEEKLY, repeat_until=date(2026, 3, 1))
    one_off = await add_event(storage)
    async with storage.unit() as uow:
        store = uow.get(EVENTS)
        repeating = {e.id for e in await store.repeating(NOW)}
        active = {e.id for e in await store.active(NOW)}
    assert repeating == {open_ended, running, until_on}
    assert active == {open_ended, running, until_on, one_off}
    assert not {until_over, count_over, monthly_over} & active


async def test_a_series_changed_to_end_later_is_read_again(storage: SqlStorage) -> None:
    start = NOW - timedelta(days=400)
    event_id = await add_event(
        storage, repeat=Repeat.WEEKLY, repeat_count=3, starts_at=start, ends_at=start
    )
    async with storage.unit() as uow:
        store = uow.get(EVENTS)
        assert await store.repeating(NOW) == []
        event = await store.get(event_id)
        assert event is not None
        event.repeat_count = None
        await store.update(event)
    async with storage.unit() as uow:
        assert [e.id for e in await uow.get(EVENTS).repeating(NOW)] == [event_id]
