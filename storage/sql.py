"""`SqlStorage`: the `bot.stores.Storage` implementation on SQLAlchemy 2 (async)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from bot.stores import StoreKey
from storage.engine import create_engine
from storage.registry import STORES

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

T = TypeVar("T")
MIGRATIONS = Path(__file__).parent / "migrations"


def head_revision(script_location: Path = MIGRATIONS) -> str:
    """The newest migration's revision id, read from the file names alone.

    Migrations are one numbered line, "NNNN_what.py" with revision "NNNN" (a test checks it
    against Alembic's own idea of the head), so a start that finds the database current
    needs one query and never imports Alembic (with mako and pygments, ~0.2 s).
    """
    numbers = [p.name.split("_", 1)[0] for p in (script_location / "versions").glob("[0-9]*.py")]
    return max(numbers)


class SqlUnitOfWork:
    """One transaction. The session is made the first time a store is asked for, so an
    event that touches no data (most commands) costs no session, commit or close."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self._stores: dict[StoreKey[Any], Any] = {}
        self._after_commit: list[Callable[[], None]] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._sessions()
        return self._session

    def get(self, key: StoreKey[T]) -> T:
        store = self._stores.get(key)
        if store is None:
            store = self._stores[key] = STORES[key](self.session)
        return store  # type: ignore[no-any-return]

    async def commit(self) -> None:
        if self._session is not None:
            await self._session.commit()
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            callback()

    async def rollback(self) -> None:
        self._after_commit.clear()
        if self._session is not None:
            await self._session.rollback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._after_commit.append(callback)

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        async with self.session.begin_nested():
            yield

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class SqlStorage:
    def __init__(self, url: str, *, pool_size: int = 2, max_overflow: int = 3) -> None:
        self.engine = create_engine(url, pool_size=pool_size, max_overflow=max_overflow)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._leads: dict[str, AsyncConnection] = {}

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[SqlUnitOfWork]:
        uow = SqlUnitOfWork(self._sessions)
        try:
            yield uow
            await uow.commit()
        except BaseException:
            await uow.rollback()
            raise
        finally:
            await uow.close()

    async def upgrade(self, script_location: Path = MIGRATIONS) -> None:
        """Apply pending migrations, all in one transaction: one that fails leaves the
        database as it was. On PostgreSQL one process at a time (processes that start
        together wait for the first, then find nothing left to do)."""
        if await self.schema_revision() == head_revision(script_location):
            return
        async with self.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                await _upgrade_sqlite(connection, script_location)
                return
            async with connection.begin():
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:name))"),
                    {"name": "clpbot:migrations"},
                )
                await connection.run_sync(_upgrade, script_location)

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def schema_revision(self) -> str | None:
        """The revision the database is at (one query), None when it has none yet."""
        async with self.engine.connect() as connection:
            try:
                revision = await connection.scalar(text("SELECT version_num FROM alembic_version"))
            except DBAPIError:  # no such table: a new, empty database
                return None
            return None if revision is None else str(revision)

    async def close(self) -> None:
        for name in list(self._leads):
            await self.resign(name)
        await self.engine.dispose()

    async def try_lead(self, name: str) -> bool:
        if self.engine.dialect.name != "postgresql":
            return True  # SQLite: one process per database file
        held = self._leads.get(name)
        if held is not None:
            try:
                async with asyncio.timeout(LOCK_CHECK_SECONDS):
                    await held.execute(text("SELECT 1"))
                    await held.commit()  # never left idle in a transaction
                return True
            except Exception:  # the connection or the server went away: so did the lock
                await self._drop_lead(name)
        return await self._take_lead(name)

    async def _take_lead(self, name: str) -> bool:
        connection: AsyncConnection | None = None
        try:
            async with asyncio.timeout(LOCK_CHECK_SECONDS):
                connection = await self.engine.connect()
                await _keep_alive(connection)
                granted = await connection.scalar(
                    text("SELECT pg_try_advisory_lock(hashtext(:name))"),
                    {"name": f"clpbot:{name}"},
                )
                await connection.commit()
        except BaseException:
            if connection is not None:
                await _discard(connection)
            raise
        assert connection is not None
        if granted:
            self._leads[name] = connection
            return True
        await connection.close()
        return False

    async def resign(self, name: str) -> None:
        connection = self._leads.get(name)
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.execute(
                    text("SELECT pg_advisory_unlock(hashtext(:name))"), {"name": f"clpbot:{name}"}
                )
            await self._drop_lead(name)

    async def _drop_lead(self, name: str) -> None:
        connection = self._leads.pop(name, None)
        if connection is not None:
            await _discard(connection)


LOCK_CHECK_SECONDS = 5.0
"""A lock check that gets no answer this fast counts as lost: a half-open connection must
not leave a process believing it still leads."""

KEEPALIVE = {"tcp_keepalives_idle": 5, "tcp_keepalives_interval": 5, "tcp_keepalives_count": 3}
"""Server-side TCP keepalives for the lock's session: if the leader's machine vanishes
without closing its socket, PostgreSQL ends the session (and frees the lock) in about 20 s
instead of the system default of two hours. A process that merely dies (even by SIGKILL)
has its socket closed by the kernel, and the lock is free at once."""


async def _keep_alive(connection: AsyncConnection) -> None:
    for setting, value in KEEPALIVE.items():
        await connection.execute(text(f"SET {setting} = {int(value)}"))


async def _discard(connection: AsyncConnection) -> None:
    with contextlib.suppress(Exception):
        await connection.invalidate()
    with contextlib.suppress(Exception):
        await connection.close()


def alembic_config(
    connection: Connection | None = None, script_location: Path = MIGRATIONS
) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(script_location))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection, script_location: Path = MIGRATIONS) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection, script_location), "head")


async def _upgrade_sqlite(connection: AsyncConnection, script_location: Path) -> None:
    """pysqlite (under aiosqlite) never begins a transaction for DDL, so each CREATE or
    ALTER would commit on its own and a migration failing half way would leave its first
    tables behind. SQLAlchemy's recipe ("Serializable isolation / Savepoints /
    Transactional DDL"): the driver in autocommit, BEGIN and COMMIT sent by us, so every
    pending migration and the version stamp are one transaction a failure rolls back."""
    await connection.execution_options(isolation_level="AUTOCOMMIT")
    await connection.exec_driver_sql("BEGIN IMMEDIATE")  # one migrating process at a time
    try:
        await connection.run_sync(_upgrade, script_location)
    except BaseException:
        await connection.exec_driver_sql("ROLLBACK")
        raise
    await connection.exec_driver_sql("COMMIT")
