"""`clpbot db upgrade|backup|restore`: the database tools an officer runs by hand.

Backups use SQLite's online backup API (`sqlite3.Connection.backup`): it reads the database
in one read transaction, so the copy is consistent even while the bot writes (in WAL mode
readers never block the writer). Copying the file instead can catch it mid-write.

A running bot always keeps a connection to its database open (the pool keeps it, and the
scheduler sweeps every few seconds). `restore` therefore first takes SQLite's exclusive
lock (`locking_mode=EXCLUSIVE`, no waiting): that fails while any other process has the
database open, and is held until the restore is done, so no bot can start halfway.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy.engine import URL, make_url

from storage.sql import SqlStorage


class MaintenanceError(Exception):
    """A refusal: the message says why and what to do instead (one line)."""


async def upgrade(url: str) -> str:
    """Apply pending migrations and say what was done."""
    storage = SqlStorage(url)
    try:
        async with storage.engine.connect() as connection:
            before = await connection.run_sync(current_revision)
        await storage.upgrade()
        async with storage.engine.connect() as connection:
            after = await connection.run_sync(current_revision)
    finally:
        await storage.close()
    if before is None:
        return f"created the database (revision {after})"
    if before != after:
        return f"upgraded the database from revision {before} to {after}"
    return f"the database is up to date (revision {after})"


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def sqlite_file(url: str, action: str, file: str = "FILE") -> Path:
    """The file of a SQLite URL; PostgreSQL is refused with the tool that does `action`."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return Path(parsed.database)
    if action == "backup":
        raise MaintenanceError(
            "storage.url is PostgreSQL: back it up with pg_dump, for example "
            f"`pg_dump --format=custom --file={file} {_libpq_url(url)}` "
            "(consistent while the bot runs; restore with pg_restore --clean)"
        )
    raise MaintenanceError(
        f"storage.url is PostgreSQL: {action} it with `pg_restore --clean "
        f"--dbname={_libpq_url(url)} {file}` (with every clpbot process stopped)"
    )


def _libpq_url(url: str) -> str:
    """The URL as pg_dump reads it: no SQLAlchemy driver, no password (pg_dump asks)."""
    parsed = make_url(url)
    bare = URL.create(
        "postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database
    )
    return f"'{bare.render_as_string(hide_password=False)}'"


async def backup(url: str, target: str) -> str:
    return await asyncio.to_thread(_backup, sqlite_file(url, "backup", target), Path(target))


def _backup(source: Path, target: Path) -> str:
    if not source.is_file():
        raise MaintenanceError(f"there is no database at {source} (storage.url) to back up")
    if target.exists():
        raise MaintenanceError(f"{target} exists already: give the backup a new file name")
    reading = sqlite3.connect(source)
    writing = sqlite3.connect(target)
    try:
        reading.backup(writing)  # every page in one step: one consistent read transaction
        writing.execute("PRAGMA journal_mode=DELETE")  # the backup is this one file
        _check(writing, target)
    finally:
        writing.close()
        reading.close()
    return f"backed up {source} to {target}"


async def restore(url: str, source: str) -> str:
    return await asyncio.to_thread(_restore, Path(source), sqlite_file(url, "restore", source))


def _restore(source: Path, target: Path) -> str:
    if not source.is_file():
        raise MaintenanceError(f"{source}: no such backup file")
    reading = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    writing = sqlite3.connect(target, timeout=0, isolation_level=None)
    try:
        _check(reading, source)
        _lock_out_the_bot(writing, target)
        reading.backup(writing)
        _check(writing, target)
    finally:
        writing.close()
        reading.close()
    return f"restored {target} from {source}; start the bot (it applies any newer migrations)"


def refuse_if_in_use(path: Path, action: str) -> None:
    """Refuse when another process (a running bot) has the SQLite file open."""
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        _lock_out_the_bot(probe, path, action)
    finally:
        probe.close()


def _lock_out_the_bot(connection: sqlite3.Connection, path: Path, action: str = "restore") -> None:
    try:
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("COMMIT")  # the exclusive lock stays until the connection closes
    except sqlite3.OperationalError:
        raise MaintenanceError(
            f"{path} is in use (is the bot running?): stop every clpbot process, then {action}"
        ) from None


def _check(connection: sqlite3.Connection, path: Path) -> None:
    try:
        [(verdict,)] = connection.execute("PRAGMA quick_check").fetchall()
        clpbot = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchall()
    except sqlite3.DatabaseError as error:
        raise MaintenanceError(f"{path} is not a SQLite database ({error})") from None
    if verdict != "ok":
        raise MaintenanceError(f"{path} is damaged (SQLite's quick_check says: {verdict})")
    if not clpbot:
        raise MaintenanceError(f"{path} is not a clpbot database (it has no migrations table)")
