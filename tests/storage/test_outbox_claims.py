"""Outbox claims: several processes share delivery and never take the same row twice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.model import ChatKind, ChatRef
from bot.stores.scheduling import OUTBOX, OutboxItem, OutboxState
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)
MESSAGE: dict[str, Any] = {"blocks": []}


def chats(count: int, platform: str = "telegram") -> list[ChatRef]:
    return [ChatRef(platform, f"-{100 + n}", ChatKind.GROUP) for n in range(count)]


async def enqueue(storage: SqlStorage, key: str, targets: list[ChatRef]) -> None:
    async with storage.unit() as uow:
        await uow.get(OUTBOX).enqueue(key, targets, MESSAGE, NOW)


async def claim(
    storage: SqlStorage, owner: str, *, at: datetime = NOW, limit: int = 100
) -> list[OutboxItem]:
    async with storage.unit() as uow:
        return await uow.get(OUTBOX).claim(at, limit, ["telegram"], owner, at + LEASE)


async def rows(storage: SqlStorage, key: str) -> list[OutboxItem]:
    async with storage.unit() as uow:
        return await uow.get(OUTBOX).for_post(key)


def ids(items: list[OutboxItem]) -> set[int]:
    return {item.id for item in items if item.id is not None}


async def test_a_claimed_row_is_sending_for_its_owner_and_no_one_else(
    storage: SqlStorage,
) -> None:
    await enqueue(storage, "post:1", chats(3))
    first = await claim(storage, "a")
    assert [item.chat.chat_id for item in first] == ["-100", "-101", "-102"]
    assert await claim(storage, "b") == []
    for item in await rows(storage, "post:1"):
        assert (item.state, item.claimed_by, item.lease_until) == (
            OutboxState.SENDING,
            "a",
            NOW + LEASE,
        )


async def test_only_due_rows_of_the_asked_platforms_are_claimed(storage: SqlStorage) -> None:
    await enqueue(storage, "post:2", chats(1) + chats(1, "discord"))
    async with storage.unit() as uow:
        later = NOW - timedelta(seconds=1)  # the rows were queued at NOW: not due yet
        assert await uow.get(OUTBOX).claim(later, 10, ["telegram"], "a", later + LEASE) == []
        claimed = await uow.get(OUTBOX).claim(NOW, 10, ["telegram"], "a", NOW + LEASE)
    assert [item.chat.platform for item in claimed] == ["telegram"]
    states = {item.chat.platform: item.state for item in await rows(storage, "post:2")}
    assert states == {"telegram": OutboxState.SENDING, "discord": OutboxState.PENDING}


async def test_a_dead_owners_rows_are_taken_over_after_the_lease(storage: SqlStorage) -> None:
    await enqueue(storage, "post:3", chats(2))
    assert len(await claim(storage, "dead")) == 2
    assert await claim(storage, "b", at=NOW + LEASE / 2) == []  # still leased
    after = NOW + LEASE + timedelta(seconds=1)
    taken = await claim(storage, "b", at=after)
    assert len(taken) == 2
    assert all(item.claimed_by == "b" for item in await rows(storage, "post:3"))


async def test_the_old_owner_cannot_renew_or_reschedule_a_row_taken_over(
    storage: SqlStorage,
) -> None:
    await enqueue(storage, "post:4", chats(1))
    [item] = await claim(storage, "a")
    assert item.id is not None
    after = NOW + LEASE + timedelta(seconds=1)
    await claim(storage, "b", at=after)
    async with storage.unit() as uow:
        outbox = uow.get(OUTBOX)
        assert not await outbox.renew(item.id, "a", after + LEASE)
        await outbox.mark_retry(item.id, 1, after + LEASE, "late failure", owner="a")
        await outbox.mark_failed(item.id, "late failure", owner="a")
        assert await outbox.renew(item.id, "b", after + LEASE)
    [row] = await rows(storage, "post:4")
    assert (row.state, row.claimed_by, row.last_error) == (OutboxState.SENDING, "b", "")
    async with storage.unit() as uow:
        await uow.get(OUTBOX).mark_sent(item.id, after, "m-1")
    [row] = await rows(storage, "post:4")
    assert (row.state, row.message_id) == (OutboxState.SENT, "m-1")
    assert await claim(storage, "c", at=after + 2 * LEASE) == []  # sent rows stay sent


async def test_a_retry_makes_the_row_pending_for_anyone_later(storage: SqlStorage) -> None:
    await enqueue(storage, "post:5", chats(1))
    [item] = await claim(storage, "a")
    assert item.id is not None
    retry_at = NOW + timedelta(seconds=10)
    async with storage.unit() as uow:
        await uow.get(OUTBOX).mark_retry(item.id, 1, retry_at, "network down", owner="a")
    [row] = await rows(storage, "post:5")
    assert (row.state, row.claimed_by, row.attempts) == (OutboxState.PENDING, None, 1)
    assert await claim(storage, "b") == []
    [again] = await claim(storage, "b", at=retry_at)
    assert (again.claimed_by, again.attempts) == ("b", 1)


async def test_released_rows_are_pending_again_at_once(storage: SqlStorage) -> None:
    await enqueue(storage, "post:6", chats(3))
    claimed = await claim(storage, "a")
    async with storage.unit() as uow:
        await uow.get(OUTBOX).release(sorted(ids(claimed))[1:], "a")
        await uow.get(OUTBOX).release(sorted(ids(claimed))[:1], "not-the-owner")
    states = [item.state for item in await rows(storage, "post:6")]
    assert states == [OutboxState.SENDING, OutboxState.PENDING, OutboxState.PENDING]
    assert ids(await claim(storage, "b")) == set(sorted(ids(claimed))[1:])


async def test_a_claim_skips_rows_another_process_is_claiming(
    storage: SqlStorage, storage_url: str
) -> None:
    if storage.engine.dialect.name != "postgresql":
        pytest.skip("SQLite: one process per database file")
    await enqueue(storage, "post:7", chats(10))
    other = SqlStorage(storage_url)
    try:
        async with storage.unit() as uow:  # still open: its rows stay locked
            first = await uow.get(OUTBOX).claim(NOW, 4, ["telegram"], "a", NOW + LEASE)
            second = await asyncio.wait_for(claim(other, "b"), timeout=30)  # no waiting on a
        assert len(first) == 4
        assert len(second) == 6
        assert ids(first).isdisjoint(ids(second))
    finally:
        await other.close()


async def test_many_processes_claiming_at_once_take_each_row_once(
    storage: SqlStorage, storage_url: str
) -> None:
    if storage.engine.dialect.name != "postgresql":
        pytest.skip("SQLite: one process per database file")
    await enqueue(storage, "post:8", chats(60))
    workers = [SqlStorage(storage_url) for _ in range(4)]

    async def drain(worker: SqlStorage, owner: str) -> list[OutboxItem]:
        taken: list[OutboxItem] = []
        while batch := await claim(worker, owner, limit=3):
            taken += batch
        return taken

    try:
        results = await asyncio.gather(*(drain(w, f"w{n}") for n, w in enumerate(workers)))
    finally:
        for worker in workers:
            await worker.close()
    every = [item.id for result in results for item in result]
    assert len(every) == 60
    assert len(set(every)) == 60
    owners = {item.id: item.claimed_by for item in await rows(storage, "post:8")}
    for number, result in enumerate(results):
        assert all(owners[item.id] == f"w{number}" for item in result)


async def test_at_start_rows_an_ended_process_left_sending_are_recovered_on_sqlite(
    storage: SqlStorage,
) -> None:
    """SQLite has one process per file, so another owner's rows are from a process that
    ended; on PostgreSQL another process may be alive, so their leases decide."""
    await enqueue(storage, "post:9", chats(2))
    await claim(storage, "ended", limit=1)
    async with storage.unit() as uow:
        recovered = await uow.get(OUTBOX).recover("me")
    on_sqlite = storage.engine.dialect.name == "sqlite"
    assert recovered == (1 if on_sqlite else 0)
    states = [item.state for item in await rows(storage, "post:9")]
    first = OutboxState.PENDING if on_sqlite else OutboxState.SENDING
    assert states == [first, OutboxState.PENDING]


async def test_renew_all_extends_every_row_the_owner_still_holds(storage: SqlStorage) -> None:
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    chats = [ChatRef("telegram", str(-n), ChatKind.GROUP) for n in range(1, 4)]
    async with storage.unit() as uow:
        await uow.get(OUTBOX).enqueue("renew-all", chats, {"blocks": []}, now)
    async with storage.unit() as uow:
        claimed = await uow.get(OUTBOX).claim(
            now, 10, ["telegram"], "me", now + timedelta(seconds=10)
        )
    assert len(claimed) == 3
    async with storage.unit() as uow:
        assert await uow.get(OUTBOX).renew_all("me", now + timedelta(minutes=5)) == {
            item.id for item in claimed
        }
        assert await uow.get(OUTBOX).renew_all("someone else", now) == set()
    later = now + timedelta(minutes=1)  # past the first lease, within the renewed one
    async with storage.unit() as uow:
        assert await uow.get(OUTBOX).claim(later, 10, ["telegram"], "other", later) == []
