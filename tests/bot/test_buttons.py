"""The button registry: packed and signed where it fits, stored where it does not, one
secret per deployment shared by every worker, bound to the chat it was sent to."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.buttons import STORED, TELEGRAM_LIMIT, Buttons
from bot.stores.buttons import BUTTONS
from storage.sql import SqlStorage
from tests.support import FrozenClock


async def test_short_payloads_are_packed_and_need_no_row(
    storage: SqlStorage, clock: FrozenClock
) -> None:
    buttons = Buttons(storage, clock)
    [data] = await buttons.issue("telegram", "-5", ["vote:12:3"], limit=TELEGRAM_LIMIT)
    assert len(data.encode()) <= TELEGRAM_LIMIT
    assert await buttons.resolve("telegram", "-5", data) == "vote:12:3"
    async with storage.unit() as uow:
        assert await uow.get(BUTTONS).delete_before(clock() + timedelta(days=1)) == 0


async def test_forged_altered_and_replayed_data_is_refused(
    storage: SqlStorage, clock: FrozenClock
) -> None:
    buttons = Buttons(storage, clock)
    [data] = await buttons.issue("telegram", "-5", ["vote:12:3"], limit=TELEGRAM_LIMIT)
    assert await buttons.resolve("telegram", "-6", data) is None  # another chat
    assert await buttons.resolve("discord", "-5", data) is None  # another platform
    assert await buttons.resolve("telegram", "-5", data[:-1] + "4") is None  # altered value
    assert await buttons.resolve("telegram", "-5", "1AAAAAAAAAAAAvote:12:3") is None
    assert await buttons.resolve("telegram", "-5", "") is None


async def test_long_payloads_are_stored_and_resolve_on_another_worker(
    storage_url: str, clock: FrozenClock
) -> None:
    worker_a, worker_b = SqlStorage(storage_url), SqlStorage(storage_url)
    try:
        await worker_a.upgrade()
        a, b = Buttons(worker_a, clock), Buttons(worker_b, clock)
        long = "x" * 300
        short_a, long_a = await a.issue("discord", "9", ["c:yes", long], limit=100)
        assert long_a.startswith(STORED)
        assert len(long_a) <= 100
        assert await b.resolve("discord", "9", short_a) == "c:yes"  # the same secret
        assert await b.resolve("discord", "9", long_a) == long
        assert await b.resolve("discord", "8", long_a) is None
        assert await a.key() == await b.key()
    finally:
        await worker_a.close()
        await worker_b.close()


async def test_old_stored_buttons_are_pruned(storage: SqlStorage, clock: FrozenClock) -> None:
    buttons = Buttons(storage, clock)
    [old] = await buttons.issue("discord", "9", ["o" + "x" * 200], limit=100)
    clock.advance(days=10)
    [new] = await buttons.issue("discord", "9", ["o" + "y" * 200], limit=100)
    async with storage.unit() as uow:
        assert await uow.get(BUTTONS).delete_before(clock() - timedelta(days=5)) == 1
    assert await buttons.resolve("discord", "9", old) is None
    assert await buttons.resolve("discord", "9", new) == "o" + "y" * 200


async def test_workers_starting_together_agree_on_one_secret(
    storage_url: str, clock: FrozenClock
) -> None:
    stores = [SqlStorage(storage_url) for _ in range(4)]
    try:
        await stores[0].upgrade()
        keys = await asyncio.gather(*(Buttons(s, clock).key() for s in stores))
        assert len(set(keys)) == 1
    finally:
        for s in stores:
            await s.close()
