"""The core stores, run unchanged on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.model import Identity
from bot.stores.core import (
    CONVERSATIONS,
    MEMBERS,
    ConversationKey,
    ConversationState,
    StepMovedOnError,
)
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
ANN = Identity("telegram", "42", "Ann")


async def test_conversation_round_trip_and_expiry(storage: SqlStorage) -> None:
    key = ConversationKey("telegram", "42", "42")
    state = ConversationState(
        key=key,
        flow="submit",
        step="title",
        expires_at=NOW + timedelta(days=7),
        data={"title": "Buses £ ✊ \u202e", "n": 3},
        history=["kind"],
        offered=[("Yes", "yes")],
    )
    async with storage.unit() as uow:
        await uow.get(CONVERSATIONS).save(state)
    async with storage.unit() as uow:
        loaded = await uow.get(CONVERSATIONS).load(key)
    assert loaded == state
    assert loaded is not None
    assert loaded.expires_at.tzinfo is not None

    state.step = "problem"
    async with storage.unit() as uow:
        await uow.get(CONVERSATIONS).save(state)
        assert await uow.get(CONVERSATIONS).delete_expired(NOW) == 0
    async with storage.unit() as uow:
        assert await uow.get(CONVERSATIONS).delete_expired(NOW + timedelta(days=8)) == 1
        assert await uow.get(CONVERSATIONS).load(key) is None


async def test_conduct_acknowledged_once(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        members = uow.get(MEMBERS)
        assert await members.conduct_acknowledged_at(ANN) is None
        await members.acknowledge_conduct(ANN, NOW)
    async with storage.unit() as uow:
        assert await uow.get(MEMBERS).conduct_acknowledged_at(ANN) == NOW


async def test_a_failed_unit_of_work_rolls_back(storage: SqlStorage) -> None:
    try:
        async with storage.unit() as uow:
            await uow.get(MEMBERS).acknowledge_conduct(ANN, NOW)
            raise RuntimeError("handler failed")
    except RuntimeError:
        pass
    async with storage.unit() as uow:
        assert await uow.get(MEMBERS).conduct_acknowledged_at(ANN) is None


async def test_after_commit_runs_only_after_a_successful_commit(storage: SqlStorage) -> None:
    calls: list[str] = []
    async with storage.unit() as uow:
        uow.after_commit(lambda: calls.append("first"))
        await uow.get(MEMBERS).acknowledge_conduct(ANN, NOW)
        assert calls == []
    assert calls == ["first"]
    try:
        async with storage.unit() as uow:
            uow.after_commit(lambda: calls.append("rolled back"))
            raise RuntimeError("handler failed")
    except RuntimeError:
        pass
    assert calls == ["first"]


def _conversation(step: str = "kind") -> ConversationState:
    key = ConversationKey("discord", "g1", "7")
    return ConversationState(key=key, flow="submit", step=step, expires_at=NOW + timedelta(days=1))


async def test_a_save_from_a_state_that_moved_on_is_refused(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        await uow.get(CONVERSATIONS).save(_conversation())
    async with storage.unit() as uow:
        first = await uow.get(CONVERSATIONS).load(_conversation().key)
    async with storage.unit() as uow:
        second = await uow.get(CONVERSATIONS).load(_conversation().key)
    assert first is not None
    assert second is not None
    assert first.version == second.version
    first.step = "commission"
    async with storage.unit() as uow:
        await uow.get(CONVERSATIONS).save(first)
        await uow.get(CONVERSATIONS).save(first)  # its own saves follow the version on
    second.step = "commission"
    with pytest.raises(StepMovedOnError):
        async with storage.unit() as uow:
            await uow.get(CONVERSATIONS).save(second)
    with pytest.raises(StepMovedOnError):
        async with storage.unit() as uow:
            await uow.get(CONVERSATIONS).finish(second)
    async with storage.unit() as uow:
        stored = await uow.get(CONVERSATIONS).load(first.key)
        assert stored is not None
        assert stored.version == first.version
        await uow.get(CONVERSATIONS).finish(stored)
        assert await uow.get(CONVERSATIONS).load(first.key) is None


async def test_a_fresh_start_replaces_whatever_was_there(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        await uow.get(CONVERSATIONS).save(_conversation("title"))
    restarted = _conversation("kind")
    async with storage.unit() as uow:
        await uow.get(CONVERSATIONS).save(restarted)
    async with storage.unit() as uow:
        loaded = await uow.get(CONVERSATIONS).load(restarted.key)
    assert loaded is not None
    assert loaded.step == "kind"
    assert loaded.version == restarted.version == 2


async def test_two_sessions_pressing_at_once_one_wins_the_other_is_told(
    storage: SqlStorage,
) -> None:
    """Two processes on PostgreSQL load the same step; the second save waits for the first
    one's row lock, then finds the version moved on: its work rolls back."""
    if storage.engine.dialect.name != "postgresql":
        pytest.skip("SQLite: one process per database file, and its transactions take turns")
    async with storage.unit() as uow:
        await uow.get(CONVERSATIONS).save(_conversation())
    key = _conversation().key
    async with storage.unit() as a, storage.unit() as b:
        first = await a.get(CONVERSATIONS).load(key)
        second = await b.get(CONVERSATIONS).load(key)
        assert first is not None
        assert second is not None
        first.step = second.step = "commission"
        await a.get(CONVERSATIONS).save(first)
        racing = asyncio.create_task(b.get(CONVERSATIONS).save(second))
        while not await _waiting_for_a_lock(storage):
            assert not racing.done()
        await a.commit()
        with pytest.raises(StepMovedOnError):
            await racing
    async with storage.unit() as uow:
        stored = await uow.get(CONVERSATIONS).load(key)
    assert stored is not None
    assert stored.step == "commission"
    assert stored.version == 2


async def _waiting_for_a_lock(storage: SqlStorage) -> bool:
    async with storage.engine.connect() as connection:
        waiting = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database()"
            )
        )
    return bool(waiting)
