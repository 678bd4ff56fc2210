"""The consultations, feed state and digest subscription stores, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.model import Identity
from bot.stores.consultations import CONSULTATIONS, NewConsultation
from bot.stores.digest import FEED_STATE, SUBSCRIPTIONS, FeedState
from bot.stores.submissions import SUBMISSIONS, Draft, Kind, Status
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def new(key: str, title: str) -> NewConsultation:
    url = f"https://forum.example.org/{key}"
    return NewConsultation(title, url, feed_key=key, source="https://feed.example.org")


async def test_add_edit_remove_and_the_open_list(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        soon = await store.add("Safer streets", commission="Safer streets", closes_at=NOW + DAY)
        later = await store.add("Growth", closes_at=NOW + 9 * DAY, created_at=NOW)
        closed = await store.add("Old one", closes_at=NOW - DAY)
        future = await store.add("Not yet", opens_at=NOW + DAY)
    async with storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        assert [c.id for c in await store.open_consultations(NOW)] == [soon.id, later.id]
        assert [c.title for c in await store.open_consultations(NOW, "Safer streets")] == [
            "Safer streets",
            "Growth",  # not tied to a commission: offered for every one
        ]
        await store.update(replace(later, title="Kickstart growth", closes_at=NOW + 2 * DAY))
        assert await store.remove(soon.id, NOW)
        assert not await store.remove(soon.id, NOW)  # already removed
    async with storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        open_now = await store.open_consultations(NOW)
        assert [(c.title, c.closes_at) for c in open_now] == [("Kickstart growth", NOW + 2 * DAY)]
        removed = await store.get(soon.id)
        assert removed is not None
        assert removed.removed_at == NOW
        assert not removed.is_open(NOW)
        assert closed.id not in {c.id for c in open_now}
        assert future.id not in {c.id for c in open_now}


async def test_bulk_insert_returns_ids_and_feed_keys_are_remembered(storage: SqlStorage) -> None:
    items = [new(f"k{n}", f"Entry {n}") for n in range(1200)]
    async with storage.unit() as uow:
        added = await uow.get(CONSULTATIONS).add_many(items, NOW)
    assert [c.title for c in added] == [f"Entry {n}" for n in range(1200)]
    assert len({c.id for c in added}) == 1200
    assert all(c.created_at == NOW and c.source == "https://feed.example.org" for c in added)
    async with storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        await store.remove(added[0].id, NOW)
        known = await store.known_feed_keys(["k0", "k5", "k1199", "nope"])
    assert known == {"k0", "k5", "k1199"}  # a removed one stays known: feeds must not revive it


async def test_created_and_closing_windows(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        before = await store.add("Last week", created_at=NOW - 8 * DAY, closes_at=NOW + 20 * DAY)
        inside = await store.add("This week", created_at=NOW - 2 * DAY, closes_at=NOW + 3 * DAY)
        gone = await store.add("Removed", created_at=NOW - DAY, closes_at=NOW + DAY)
        await store.remove(gone.id, NOW)
    async with storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        assert [c.id for c in await store.created_between(NOW - 7 * DAY, NOW)] == [inside.id]
        assert [c.id for c in await store.closing_between(NOW, NOW + 14 * DAY)] == [inside.id]
        assert [c.id for c in await store.with_close_dates(NOW)] == [inside.id, before.id]


async def test_draft_counts_leave_out_withdrawn_drafts(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        first = await uow.get(CONSULTATIONS).add("First")
        second = await uow.get(CONSULTATIONS).add("Second")
        drafts = uow.get(SUBMISSIONS)
        for n, (target, status) in enumerate(
            [(first, Status.DRAFT), (first, Status.APPROVED), (first, Status.WITHDRAWN)]
        ):
            await drafts.add(
                Draft(
                    author=Identity("fake", f"u{n}", f"Member {n}"),
                    created_at=NOW,
                    updated_at=NOW,
                    kind=Kind.SUBMISSION,
                    status=status,
                    fields={"title": "Idea", "consultation_id": target.id},
                )
            )
    async with storage.unit() as uow:
        counts = await uow.get(CONSULTATIONS).draft_counts([first.id, second.id])
    assert counts == {first.id: 2, second.id: 0}


async def test_feed_state_is_saved_and_updated(storage: SqlStorage) -> None:
    url = "https://feed.example.org/rss"
    async with storage.unit() as uow:
        assert await uow.get(FEED_STATE).load(url) is None
        await uow.get(FEED_STATE).save(FeedState(url, etag='"v1"', modified="Mon", checked_at=NOW))
    async with storage.unit() as uow:
        state = await uow.get(FEED_STATE).load(url)
        assert state == FeedState(url, '"v1"', "Mon", NOW, "")
        state.etag, state.last_error = '"v2"', "timeout"
        await uow.get(FEED_STATE).save(state)
    async with storage.unit() as uow:
        assert await uow.get(FEED_STATE).load(url) == FeedState(url, '"v2"', "Mon", NOW, "timeout")


async def test_subscriptions(storage: SqlStorage) -> None:
    ann, bob = Identity("telegram", "1", "Ann"), Identity("discord", "2", "Bob")
    async with storage.unit() as uow:
        subs = uow.get(SUBSCRIPTIONS)
        assert await subs.subscribe(ann, NOW)
        assert not await subs.subscribe(ann, NOW)
        assert await subs.subscribe(bob, NOW)
    async with storage.unit() as uow:
        subs = uow.get(SUBSCRIPTIONS)
        assert [(s.platform, s.user_id) for s in await subs.subscribers()] == [
            ("telegram", "1"),
            ("discord", "2"),
        ]
        assert await subs.unsubscribe(ann)
        assert not await subs.unsubscribe(ann)
        assert not await subs.is_subscribed(ann)
        assert await subs.is_subscribed(bob)
