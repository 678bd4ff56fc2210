"""Handled deliveries: the first record wins, also when two workers race for one id."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.stores.buttons import DELIVERIES
from storage.sql import SqlStorage
from tests.support import FrozenClock


async def test_a_delivery_is_new_once_and_pruned_later(
    storage: SqlStorage, clock: FrozenClock
) -> None:
    async with storage.unit() as uow:
        assert await uow.get(DELIVERIES).first_time("telegram", "77", clock())
    async with storage.unit() as uow:
        store = uow.get(DELIVERIES)
        assert not await store.first_time("telegram", "77", clock())
        assert await store.first_time("discord", "77", clock())  # ids are per platform
    async with storage.unit() as uow:
        assert await uow.get(DELIVERIES).delete_before(clock() + timedelta(seconds=1)) == 2
    async with storage.unit() as uow:
        assert await uow.get(DELIVERIES).first_time("telegram", "77", clock())


async def test_two_workers_racing_for_one_delivery(storage_url: str, clock: FrozenClock) -> None:
    workers = [SqlStorage(storage_url) for _ in range(2)]
    try:
        await workers[0].upgrade()

        async def handle(worker: SqlStorage) -> bool:
            async with worker.unit() as uow:
                return await uow.get(DELIVERIES).first_time("telegram", "5", clock())

        results = await asyncio.gather(*(handle(w) for w in workers))
    finally:
        for worker in workers:
            await worker.close()
    assert sorted(results) == [False, True]


async def test_a_rolled_back_record_leaves_the_delivery_new(
    storage: SqlStorage, clock: FrozenClock
) -> None:
    try:
        async with storage.unit() as uow:
            assert await uow.get(DELIVERIES).first_time("telegram", "9", clock())
            raise RuntimeError("the handler failed")
    except RuntimeError:
        pass
    async with storage.unit() as uow:
        assert await uow.get(DELIVERIES).first_time("telegram", "9", clock())
