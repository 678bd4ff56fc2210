"""The paged reads behind every list, on SQLite and PostgreSQL: COUNT plus one page in the
same order as the whole list; idea search by words in any case, "%" and "_" taken
literally; our events merged by next start exactly as the whole list orders them."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.model import Identity
from bot.stores.consultations import CONSULTATIONS
from bot.stores.events import EVENTS, NEIGHBOUR_EVENTS, Event, EventType, NeighbourEvent, Repeat
from bot.stores.ideas import IDEAS, Idea, IdeaStatus
from bot.stores.submissions import REVIEW_QUEUE, SUBMISSIONS, Draft, Kind, Status
from commands.events.listing import upcoming_events
from commands.events.pages import OurEvents
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/London")


async def test_idea_pages_and_search(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        store = uow.get(IDEAS)
        texts = ["Free BUSES for all", "buses at night", "Housing first", "100% renewable_power"]
        for n in range(40):
            await store.add(Idea(f"{texts[n % 4]} {n}", None, NOW + timedelta(minutes=n)))
    async with storage.unit() as uow:
        store = uow.get(IDEAS)
        everything = await store.open_ideas()
        assert await store.count_open() == 40
        pages = [await store.open_page(at, 7) for at in range(0, 40, 7)]
        assert [i.id for page in pages for i in page] == [i.id for i in everything]
        assert await store.count_open(("buses",)) == 20
        assert await store.count_open(("BUSES", "night")) == 10
        night = await store.open_page(0, 5, ("night",))
        assert len(night) == 5
        assert all(i.text.startswith("buses at night") for i in night)
        assert await store.count_open(("100%",)) == 10
        assert await store.count_open(("0%r",)) == 0  # "%" is a character, not a wildcard
        assert await store.count_open(("e_p",)) == 10
        assert await store.count_open(("w_r",)) == 0  # "_" too


async def test_consultation_pages_keep_the_soonest_closing_first(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        for n in range(23):
            closes = NOW + timedelta(days=(n * 7) % 23 + 1) if n % 5 else None
            await store.add(f"C{n}", closes_at=closes)
        await store.add("Closed", closes_at=NOW - timedelta(days=1))
    async with storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        whole = await store.open_consultations(NOW)
        assert await store.count_open(NOW) == len(whole) == 23
        pages = [c.id for at in range(0, 23, 4) for c in await store.open_page(NOW, at, 4)]
        assert pages == [c.id for c in whole]


async def test_review_pages(storage: SqlStorage) -> None:
    author = Identity("fake", "ann", "Ann")
    statuses = [Status.IN_REVIEW, Status.DRAFT, Status.EQUALITIES_REVIEW, Status.APPROVED]
    async with storage.unit() as uow:
        for n in range(30):
            draft = Draft(author, NOW, NOW, kind=Kind.MOTION, status=statuses[n % 4])
            await uow.get(SUBMISSIONS).add(draft)
    async with storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        whole = await store.with_status(*REVIEW_QUEUE)
        assert await store.count_with_status(REVIEW_QUEUE) == len(whole) == 15
        paged = [
            d.id
            for at in range(0, 15, 4)
            for d in await store.with_status_page(REVIEW_QUEUE, at, 4)
        ]
        assert paged == [d.id for d in whole]


async def test_our_events_paged_by_next_start_match_the_whole_list(storage: SqlStorage) -> None:
    shuffle = random.Random(7)
    async with storage.unit() as uow:
        store = uow.get(EVENTS)
        for n in range(90):
            start = NOW + timedelta(hours=shuffle.randrange(-48, 24 * 60))
            await store.add(
                Event(
                    f"One-off {n}",
                    EventType.OTHER,
                    start,
                    start + timedelta(hours=2),
                    cancelled=n % 17 == 0,
                    created_at=NOW,
                )
            )
        for n in range(6):
            start = NOW - timedelta(days=shuffle.randrange(1, 100), hours=shuffle.randrange(24))
            until = (NOW - timedelta(days=1)).date() if n == 5 else None  # finished
            await store.add(
                Event(
                    f"Series {n}",
                    EventType.OTHER,
                    start,
                    start + timedelta(hours=1),
                    repeat=Repeat.WEEKLY if n % 2 else Repeat.MONTHLY,
                    repeat_until=until,
                    created_at=NOW,
                )
            )
        neighbours = [
            NeighbourEvent("Next CLP", f"u{n}", f"N{n}", NOW + timedelta(days=n), None, "", "")
            for n in range(-3, 12)
        ]
        await uow.get(NEIGHBOUR_EVENTS).replace("Next CLP", neighbours, NOW)
    async with storage.unit() as uow:
        whole = await upcoming_events(uow, ZONE, NOW)
        ours = await OurEvents.load(uow, ZONE, NOW)
        assert ours.total == len(whole)
        for size in (1, 4, 10):
            paged = [
                pair for at in range(0, ours.total, size) for pair in await ours.page(at, size)
            ]
            assert [e.id for _, e in paged] == [e.id for _, e in whole]
            assert [s for s, _ in paged] == [s for s, _ in whole]
        assert await ours.page(ours.total, 10) == []
        theirs = uow.get(NEIGHBOUR_EVENTS)
        assert await theirs.count_upcoming(NOW) == 12
        assert [e.title for e in await theirs.upcoming_page(NOW, 10, 5)] == ["N10", "N11"]


async def test_the_digests_new_ideas_are_counted_and_cut_in_sql(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        store = uow.get(IDEAS)
        ids = []
        for n in range(15):
            idea = await store.add(
                Idea(f"Idea {n}", None, NOW - timedelta(days=8) + timedelta(days=n))
            )
            ids.append(idea.id)
        assert ids[3] is not None
        await store.set_status(ids[3], IdeaStatus.MERGED, merged_into=ids[4])
    async with storage.unit() as uow:
        count, shown = await uow.get(IDEAS).new_open(NOW - timedelta(days=7), NOW, 3)
    # ids[1]..ids[7] were created in the week (days -7 .. -1); ids[3] was merged
    assert count == 6
    assert [i.id for i in shown] == [ids[1], ids[2], ids[4]]
