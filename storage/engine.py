"""The SQLAlchemy engine: URL normalisation and the SQLite settings we rely on."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util.concurrency import await_

ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}

BUSY_TIMEOUT_S = 30.0
"""How long a transaction waits for SQLite's write lock (in this process, then in the file)
before it gives up."""


def async_url(url: str) -> str:
    """Accept plain `sqlite:///x` or `postgresql://...` and pick the async driver."""
    parsed = make_url(url)
    driver = ASYNC_DRIVERS.get(parsed.drivername)
    if driver is not None:
        parsed = parsed.set(drivername=driver)
    return parsed.render_as_string(hide_password=False)


def create_engine(url: str) -> AsyncEngine:
    url = async_url(url)
    options: dict[str, Any] = {}
    if url.startswith("postgresql"):
        options.update(pool_pre_ping=True, pool_size=5, max_overflow=5)
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        WriteTurns().listen(engine)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL with synchronous=NORMAL: durable across process crashes, ~28x faster commits."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    dbapi_connection.isolation_level = None  # the driver begins nothing: `WriteTurns` does


class WriteTurns:
    """SQLite transactions take turns, in arrival order, and each holds the write lock from
    its first statement to its end.

    In WAL mode a transaction that reads and then writes must upgrade its read snapshot to
    the write lock; if another connection wrote meanwhile, SQLite refuses at once with
    SQLITE_BUSY ("database is locked"), whatever the busy timeout: 32 of 200 members
    answering at once were apologised to. So every transaction begins `BEGIN IMMEDIATE`
    (other processes, such as `clpbot db`, queue in `busy_timeout`), and in this process
    they queue on an `asyncio.Lock` first: a fair FIFO with no polling, where SQLite's busy
    handler sleeps up to 100 ms between tries. Transactions are short (no network call is
    made inside one), so the queue moves: see tests/bot/test_burst.py. The lock is taken
    when a transaction begins (a unit that touches no table takes nothing) and given back
    when its connection returns to the pool, after the commit or rollback.
    """

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._holder: ConnectionPoolEntry | None = None

    def listen(self, engine: AsyncEngine) -> None:
        event.listen(engine.sync_engine, "begin", self._begin)
        event.listen(engine.sync_engine.pool, "checkin", self._end)
        event.listen(engine.sync_engine.pool, "invalidate", self._end_invalid)

    def _begin(self, connection: Connection) -> None:
        entry = connection.connection._connection_record
        if self._holder is entry:  # a second transaction on a connection not yet given back
            self._begin_immediate(connection)
            return
        try:
            await_(asyncio.wait_for(self._lock.acquire(), BUSY_TIMEOUT_S))
        except TimeoutError as error:
            raise OperationalError("BEGIN IMMEDIATE", {}, error) from error
        self._holder = entry
        try:
            self._begin_immediate(connection)
        except BaseException:
            self._release(entry)
            raise

    @staticmethod
    def _begin_immediate(connection: Connection) -> None:
        """On the driver's own cursor, as the driver would have said BEGIN itself."""
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cursor.execute("BEGIN IMMEDIATE")
        cursor.close()

    def _end(self, _dbapi_connection: Any, entry: ConnectionPoolEntry | None) -> None:
        if entry is not None:
            self._release(entry)

    def _end_invalid(self, _dbapi_connection: Any, entry: ConnectionPoolEntry, _e: Any) -> None:
        self._release(entry)

    def _release(self, entry: ConnectionPoolEntry) -> None:
        if self._holder is entry:
            self._holder = None
            self._lock.release()
