"""The desk's sign-in links and sessions: a link is used up once, also by two racing
requests; sessions expire and end together for one officer."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.model import Identity
from bot.stores.web import WEB_SESSIONS, WebSession
from storage.sql import SqlStorage
from tests.support import FrozenClock

OLIVE = Identity("telegram", "42", "Olive")
OTHER = Identity("discord", "42", "Olive on Discord")


async def test_a_link_is_used_once_and_not_after_it_expires(
    storage: SqlStorage, clock: FrozenClock
) -> None:
    now = clock()
    async with storage.unit() as uow:
        store = uow.get(WEB_SESSIONS)
        await store.add_sign_in("a" * 64, OLIVE, now, now + timedelta(minutes=10))
        await store.add_sign_in("b" * 64, OLIVE, now, now + timedelta(minutes=10))
    async with storage.unit() as uow:
        store = uow.get(WEB_SESSIONS)
        assert await store.sign_in_open("a" * 64, now)
        assert await store.use_sign_in("a" * 64, now) == OLIVE
        assert not await store.sign_in_open("a" * 64, now)
        assert await store.use_sign_in("a" * 64, now) is None
        assert await store.use_sign_in("b" * 64, now + timedelta(minutes=10)) is None
        assert await store.use_sign_in("c" * 64, now) is None


async def test_sessions_expire_and_end_together(storage: SqlStorage, clock: FrozenClock) -> None:
    now = clock()
    later = now + timedelta(hours=12)
    async with storage.unit() as uow:
        store = uow.get(WEB_SESSIONS)
        for token, who in (("1" * 64, OLIVE), ("2" * 64, OLIVE), ("3" * 64, OTHER)):
            await store.add_session(WebSession(token, who, now, later))
    async with storage.unit() as uow:
        store = uow.get(WEB_SESSIONS)
        found = await store.session("1" * 64, now)
        assert found is not None
        assert found.who == OLIVE
        assert await store.session("1" * 64, later) is None
        assert await store.end_sessions(OLIVE) == 2
        assert await store.session("2" * 64, now) is None
        assert await store.session("3" * 64, now) is not None  # another account's
        assert await store.delete_expired(later) == 1


async def test_two_requests_racing_for_one_link(storage_url: str, clock: FrozenClock) -> None:
    workers = [SqlStorage(storage_url) for _ in range(2)]
    try:
        await workers[0].upgrade()
        now = clock()
        async with workers[0].unit() as uow:
            await uow.get(WEB_SESSIONS).add_sign_in("d" * 64, OLIVE, now, now + timedelta(1))

        async def use(worker: SqlStorage) -> Identity | None:
            async with worker.unit() as uow:
                return await uow.get(WEB_SESSIONS).use_sign_in("d" * 64, now)

        results = await asyncio.gather(*(use(w) for w in workers))
    finally:
        for worker in workers:
            await worker.close()
    assert sorted(r is not None for r in results) == [False, True]
