"""The SQLAlchemy engine: URL normalisation and the SQLite settings we rely on."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.util.concurrency import await_

ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",  # the scheme many hosts hand out (Heroku, Render...)
}

BUSY_TIMEOUT_S = 30.0
"""How long a transaction waits for SQLite's write lock before it gives up."""


def async_url(url: str) -> str:
    """Accept plain `sqlite:///x`, `postgresql://...` or `postgres://...` and pick the async
    driver (bot.config has already refused the schemes that are not one of these)."""
    parsed = make_url(url)
    driver = ASYNC_DRIVERS.get(parsed.drivername)
    if driver is not None:
        parsed = parsed.set(drivername=driver)
    return parsed.render_as_string(hide_password=False)


def create_engine(url: str, *, pool_size: int = 2, max_overflow: int = 3) -> AsyncEngine:
    """PostgreSQL: at most `pool_size + max_overflow` connections, of which `pool_size` stay
    open when idle (one of them holds the scheduler's lock in the process that leads)."""
    url = async_url(url)
    options: dict[str, Any] = {}
    if url.startswith("postgresql"):
        options.update(pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow)
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _begin_immediate)
        event.listen(engine.sync_engine, "do_connect", _connect_sqlite)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL with synchronous=NORMAL: durable across process crashes, ~28x faster commits.

    secure_delete: what is deleted or overwritten is zeroed in the page, not left in free
    space or on free pages, so a destroyed poll secret or a rewritten ballot is gone from
    the file once the WAL is checkpointed (storage/repos/poll_traces.py).
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    dbapi_connection.isolation_level = None  # the driver begins nothing: `_begin_immediate` does


def _begin_immediate(connection: Connection) -> None:
    """Every SQLite transaction takes the write lock when it begins, waiting for it.

    In WAL mode a transaction that reads and then writes must upgrade its read snapshot to
    the write lock; if another connection wrote meanwhile, SQLite refuses at once with
    SQLITE_BUSY ("database is locked"), whatever the busy timeout: 32 of 200 members
    answering at once were apologised to. Taken up front, the lock is waited for in
    `busy_timeout` instead, by this process's connections and any other (`clpbot db`).
    Transactions are short (no network call is made inside one), so the queue moves: 200
    members answering one step at once, with a 100 ms reply round trip, are all answered in
    about 3 s on a loaded 2-core machine (tests/bot/test_burst.py shows none is lost).

    Measured against queueing this process's transactions on an `asyncio.Lock` first (a
    fair FIFO with no polling): that took 3.5-4.7 s for the same burst, against 2.9-3.5 s
    here, and a connection that never went back to the pool would have held the lock for
    good. A unit that touches no table begins nothing and takes no lock. Said on the
    driver's own cursor, as the driver would have said BEGIN itself.
    """
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return  # the migrations say BEGIN and COMMIT themselves (storage.sql._upgrade_sqlite)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute("BEGIN IMMEDIATE")
    cursor.close()


WORKER = "(_connection_worker_thread)"
"""How Python names aiosqlite's per-connection threads (`Thread-N (target)`)."""


def _connect_sqlite(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
    """Connect as SQLAlchemy would; if that fails, wait for aiosqlite's thread to end.

    aiosqlite stops a connection that failed to open (a missing directory) without
    awaiting the stop: its thread later hands the result to the event loop, and if
    `asyncio.run` has closed the loop by then the thread dies with "Event loop is closed"
    and prints a traceback after the CLI's one-line error. Waiting here, while the loop
    runs, ends the thread cleanly before the error goes on.
    """
    before = _worker_threads()
    try:
        return dialect.loaded_dbapi.connect(*cargs, **cparams)
    except BaseException:
        await_(_ended(_worker_threads() - before))
        raise


def _worker_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.endswith(WORKER)}


async def _ended(threads: set[threading.Thread], within: float = 5.0) -> None:
    """Join the threads off the loop (which they need to finish), each for at most `within`
    seconds, so a stuck thread cannot hang the error."""
    for thread in threads:
        await asyncio.to_thread(thread.join, within)
