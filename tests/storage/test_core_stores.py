"""The core stores, run unchanged on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.model import Identity
from bot.stores.core import CONVERSATIONS, MEMBERS, ConversationKey, ConversationState
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
