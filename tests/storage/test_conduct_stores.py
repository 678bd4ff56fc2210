"""The report store and the ideas store's conduct parts on SQLite and PostgreSQL: reports
by reporter, moved on /link and erased; an idea's hourly count, hiding, editing, support
from others, and the open ideas a new one is compared with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.model import Identity
from bot.stores.accounts import ACCOUNTS
from bot.stores.ideas import IDEAS, Idea, IdeaStatus
from bot.stores.reports import REPORTS, Report
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


async def people(storage: SqlStorage, *names: str) -> list[int]:
    async with storage.unit() as uow:
        accounts = uow.get(ACCOUNTS)
        return [await accounts.person_of(Identity("fake", n, n.title()), NOW) for n in names]


async def test_reports_by_reporter_merged_and_erased(storage: SqlStorage) -> None:
    ann, bob, ann_too = await people(storage, "ann", "bob", "ann2")
    async with storage.unit() as uow:
        store = uow.get(REPORTS)
        await store.add(Report(ann, "idea", "3", "Hateful", NOW))
        await store.add(Report(ann_too, "post", "", "Bullying", NOW + timedelta(minutes=1)))
        await store.add(Report(bob, "idea", "3", "Spam", NOW))
        await store.merge_people(keep=ann, gone=ann_too)
    async with storage.unit() as uow:
        store = uow.get(REPORTS)
        assert [r.reason for r in await store.by_reporter(ann)] == ["Hateful", "Bullying"]
        assert await store.erase_reporter(ann) == 2
        assert await store.by_reporter(ann) == []
        assert [r.reason for r in await store.by_reporter(bob)] == ["Spam"]


async def test_ideas_counted_hidden_edited_and_compared(storage: SqlStorage) -> None:
    ann, bob = await people(storage, "ann", "bob")
    async with storage.unit() as uow:
        store = uow.get(IDEAS)
        old = await store.add(Idea("Old", ann, NOW - timedelta(hours=2)))
        ids = [
            (await store.add(Idea(f"New {n}", ann, NOW + timedelta(minutes=n)))).id
            for n in range(3)
        ]
        await store.add(Idea("Bob's", bob, NOW))
    assert old.id is not None
    first = ids[0]
    assert first is not None
    async with storage.unit() as uow:
        store = uow.get(IDEAS)
        recent = await store.recent_from(ann, NOW - timedelta(hours=1), 2)
        assert recent == [NOW + timedelta(minutes=2), NOW + timedelta(minutes=1)]
        await store.support(first, ann, NOW)
        assert await store.support_from_others(first, ann) == 0
        await store.support(first, bob, NOW)
        assert await store.support_from_others(first, ann) == 1
        await store.edit(old.id, "Old, edited", NOW)
        await store.hide(first, "Attacks a person", NOW)
    async with storage.unit() as uow:
        store = uow.get(IDEAS)
        hidden = await store.get(first)
        assert hidden is not None
        assert (hidden.status, hidden.hidden_reason) == (IdeaStatus.HIDDEN, "Attacks a person")
        texts = [text for _, text in await store.open_texts(3)]
        assert texts == ["Bob's", "New 2", "New 1"]  # newest first, hidden left out, limited
        assert first not in [i.id for i in await store.open_ideas()]
        edited = await store.get(old.id)
        assert edited is not None
        assert edited.text == "Old, edited"
