"""The submissions and consultations stores, unchanged on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.model import Identity
from bot.stores.consultations import CONSULTATIONS
from bot.stores.submissions import SUBMISSIONS, CoAuthor, Draft, HistoryEntry, Kind, Status
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ANN = Identity("telegram", "42", "Ann")
BOB = Identity("telegram", "43", "Bob Smith")
BOB_ON_DISCORD = Identity("discord", "43", "Bob Smith")
CAROL = Identity("telegram", "44", "Carol")
DEE = Identity("telegram", "45", "Dee")


def new_draft(**changes: object) -> Draft:
    draft = Draft(
        author=ANN,
        created_at=NOW,
        updated_at=NOW,
        author_chat_id="42",
        kind=Kind.SUBMISSION,
        fields={"title": "Buses £ ✊", "commission": "Safer streets", "problem": "x" * 5000},
        coauthors=[CoAuthor(BOB, accepted=True), CoAuthor(CAROL)],
    )
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


async def test_round_trip_update_and_delete(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        added = await uow.get(SUBMISSIONS).add(new_draft())
    assert added.id is not None
    async with storage.unit() as uow:
        loaded = await uow.get(SUBMISSIONS).get(added.id)
        assert loaded == added
        assert loaded is not None
        assert loaded.updated_at.tzinfo is not None
        loaded.status = Status.SUBMITTED
        loaded.forum_submitted_on = date(2026, 3, 1)
        loaded.coauthors = [CoAuthor(DEE)]
        loaded.updated_at = NOW + timedelta(hours=1)
        await uow.get(SUBMISSIONS).update(loaded)
        await uow.get(SUBMISSIONS).record(
            HistoryEntry(added.id, "Olive", "telegram:7", "approved", NOW, "Good")
        )
    async with storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        again = await store.get(added.id)
        assert again is not None
        assert (again.status, again.forum_submitted_on) == (Status.SUBMITTED, date(2026, 3, 1))
        assert again.coauthors == [CoAuthor(DEE)]
        assert [h.comment for h in await store.history(added.id)] == ["Good"]
        await store.delete(added.id)
    async with storage.unit() as uow:
        assert await uow.get(SUBMISSIONS).get(added.id) is None
        assert await uow.get(SUBMISSIONS).history(added.id) == []


async def test_visible_to_authors_and_coauthors_on_the_same_platform(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        shared = await store.add(new_draft())
        await store.add(new_draft(author=BOB, coauthors=[]))
    async with storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        assert [d.id for d in await store.visible_to(ANN)] == [shared.id]
        bobs = await store.visible_to(BOB)
        assert len(bobs) == 2
        assert shared.id in [d.id for d in bobs]
        assert await store.visible_to(BOB_ON_DISCORD) == []
        assert await store.visible_to(Identity("telegram", "99", "Dan")) == []
        # an impostor with Bob's display name is another account: nothing
        assert await store.visible_to(Identity("telegram", "666", "Bob Smith")) == []
        # Carol is asked but has not accepted: she sees nothing, only the invitation
        assert await store.visible_to(CAROL) == []
        assert [d.id for d in await store.invitations(CAROL)] == [shared.id]
        assert await store.invitations(BOB) == []
        assert await store.remove_coauthor(CAROL) == [shared.id]
        assert await store.invitations(CAROL) == []


async def test_latest_unfinished_and_with_status(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        older = await store.add(new_draft(updated_at=NOW - timedelta(days=2)))
        newer = await store.add(new_draft(updated_at=NOW - timedelta(days=1)))
        await store.add(new_draft(status=Status.IN_REVIEW))
    async with storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        latest = await store.latest_unfinished(ANN)
        assert latest is not None
        assert latest.id == newer.id
        assert len(await store.with_status(Status.IN_REVIEW)) == 1
        assert [d.id for d in await store.with_status(Status.DRAFT)] == [older.id, newer.id]
        assert len(await store.with_status()) == 3
        assert await store.latest_unfinished(BOB) is None


async def test_open_consultations_for_a_commission(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        later = await store.add(
            "Later", commission="Safer streets", closes_at=NOW + timedelta(days=30)
        )
        sooner = await store.add(
            "Sooner", commission="Safer streets", opens_at=NOW, closes_at=NOW + timedelta(days=3)
        )
        general = await store.add("General", url="https://example.invalid/c")
        await store.add("Closed", commission="Safer streets", closes_at=NOW)
        await store.add("Not yet", commission="Safer streets", opens_at=NOW + timedelta(days=1))
        await store.add("Elsewhere", commission="Britain reconnected")
    async with storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        found = await store.open_consultations(NOW, "Safer streets")
        assert [c.id for c in found] == [sooner.id, later.id, general.id]
        assert len(await store.open_consultations(NOW)) == 4
        assert await store.get(general.id) == general
