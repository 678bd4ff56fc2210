"""One scheduler per database: the leader lock (a PostgreSQL advisory lock)."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from storage.sql import SqlStorage


async def test_only_one_process_leads_and_another_takes_over(
    storage: SqlStorage, storage_url: str
) -> None:
    other = SqlStorage(storage_url)
    try:
        assert await storage.try_lead("scheduler")
        assert await storage.try_lead("scheduler")  # still leading: a health check
        if storage.engine.dialect.name == "sqlite":
            return  # one process per SQLite file: always granted, nothing to contend
        assert not await other.try_lead("scheduler")
        await storage.resign("scheduler")
        assert await other.try_lead("scheduler")
        assert not await storage.try_lead("scheduler")
    finally:
        await other.close()


async def test_a_dead_leaders_lock_is_released(storage: SqlStorage, storage_url: str) -> None:
    if storage.engine.dialect.name == "sqlite":
        return
    leader = SqlStorage(storage_url)
    assert await leader.try_lead("scheduler")
    await leader.close()  # the process ends: its session, and so its lock, are gone
    assert await storage.try_lead("scheduler")


async def test_a_leader_whose_session_was_ended_notices_and_another_takes_over(
    storage: SqlStorage, storage_url: str
) -> None:
    """PostgreSQL restarted or the connection died: the lock went with the session."""
    if storage.engine.dialect.name == "sqlite":
        return
    leader, other = SqlStorage(storage_url), SqlStorage(storage_url)
    try:
        assert await leader.try_lead("scheduler")
        assert not await other.try_lead("scheduler")
        async with storage.engine.connect() as admin:
            ended = await admin.scalar(
                # with a timeout, pg_terminate_backend waits until the backend has exited,
                # and so released its locks; without one it returns at once, and the lock
                # can still be held when the other process asks for it
                text(
                    "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_locks"
                    " WHERE locktype = 'advisory' AND granted"
                    " AND database = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database())"
                )
            )
        assert ended == 1
        assert await other.try_lead("scheduler")
        assert not await leader.try_lead("scheduler")  # it sees the loss, and stays out
    finally:
        await leader.close()
        await other.close()


async def test_processes_starting_together_run_the_migrations_once(storage_url: str) -> None:
    """Two processes upgrading an empty database at the same moment both start cleanly."""
    if storage_url.startswith("sqlite"):
        return  # one process per SQLite file
    first, second = SqlStorage(storage_url), SqlStorage(storage_url)
    try:
        await asyncio.gather(first.upgrade(), second.upgrade())
        async with first.engine.connect() as connection:
            versions = list(
                await connection.scalars(text("SELECT version_num FROM alembic_version"))
            )
    finally:
        await first.close()
        await second.close()
    assert len(versions) == 1


async def test_the_pool_holds_what_the_config_allows_and_no_more(
    storage_url: str,
) -> None:
    """[storage] pool_size and max_overflow bound a process's connections, burst included."""
    if storage_url.startswith("sqlite"):
        return  # the pool settings are PostgreSQL's
    from bot.app import build_storage
    from tests.support import make_config

    config = make_config(storage_url)
    pool = config.storage.model_copy(update={"pool_size": 1, "max_overflow": 2})
    config = config.model_copy(update={"storage": pool})
    storage = build_storage(config)
    assert isinstance(storage, SqlStorage)
    try:
        await storage.upgrade()
        assert await storage.try_lead("scheduler")  # the lock holds the one kept connection
        most = 0

        async def busy() -> None:
            nonlocal most
            async with storage.engine.connect() as connection:
                most = max(most, storage.engine.pool.checkedout())  # type: ignore[attr-defined]
                await connection.execute(text("SELECT pg_sleep(0.05)"))

        await asyncio.gather(*(busy() for _ in range(6)))  # the rest wait their turn
        assert most == 3  # the lock's connection and two for work, never a fourth
    finally:
        await storage.close()
