"""`clpbot db upgrade|backup|restore` on real databases."""

from __future__ import annotations

import secrets
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, func, insert, select

from storage.maintenance import MaintenanceError, backup, restore, upgrade
from storage.models import Base
from storage.sql import SqlStorage, alembic_config
from tests.support import head_revision, revision_before

PERSONS = Base.metadata.tables["persons"]
NOW = datetime(2026, 5, 17, 12, 0, tzinfo=UTC)


async def people(storage: SqlStorage) -> int:
    async with storage.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(PERSONS)) or 0)


async def add_person(storage: SqlStorage) -> None:
    async with storage.engine.begin() as connection:
        await connection.execute(insert(PERSONS).values(id=secrets.randbelow(2**31 - 2) + 1))


async def test_upgrade_says_what_it_did(storage_url: str) -> None:
    older = SqlStorage(storage_url)

    head = head_revision()
    earlier = revision_before(head)

    def to_earlier(connection: Connection) -> None:
        command.upgrade(alembic_config(connection), earlier)

    async with older.engine.begin() as connection:
        await connection.run_sync(to_earlier)
    await older.close()
    assert await upgrade(storage_url) == f"upgraded the database from revision {earlier} to {head}"
    assert await upgrade(storage_url) == f"the database is up to date (revision {head})"


async def test_upgrade_of_a_new_database_says_it_created_it(storage_url: str) -> None:
    assert await upgrade(storage_url) == f"created the database (revision {head_revision()})"


async def test_a_backup_taken_while_the_bot_writes_is_consistent(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.sqlite3'}"
    running = SqlStorage(url)
    await running.upgrade()
    await add_person(running)
    async with running.engine.connect() as writer:
        await writer.execute(
            insert(PERSONS).values(id=secrets.randbelow(2**31 - 2) + 1)
        )  # not committed yet
        assert await backup(url, str(tmp_path / "copy.sqlite3")) == (
            f"backed up {tmp_path / 'live.sqlite3'} to {tmp_path / 'copy.sqlite3'}"
        )
        await writer.commit()
    await add_person(running)  # the bot goes on writing
    assert await people(running) == 3
    await running.close()

    copied = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copied.execute("SELECT count(*) FROM persons").fetchall() == [(1,)]
    assert copied.execute("PRAGMA journal_mode").fetchall() == [("delete",)]  # one file
    copied.close()


async def test_restore_refuses_while_the_bot_has_the_database_open(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.sqlite3'}"
    saved = str(tmp_path / "saved.sqlite3")
    running = SqlStorage(url)
    await running.upgrade()
    await add_person(running)
    await backup(url, saved)
    await add_person(running)
    with pytest.raises(MaintenanceError, match="is in use \\(is the bot running\\?\\)"):
        await restore(url, saved)
    assert await people(running) == 2
    await running.close()

    assert (await restore(url, saved)).startswith(f"restored {tmp_path / 'live.sqlite3'}")
    restarted = SqlStorage(url)
    await restarted.upgrade()
    assert await people(restarted) == 1
    await add_person(restarted)
    assert await people(restarted) == 2
    await restarted.close()


async def test_backup_and_restore_refuse_clearly(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.sqlite3'}"
    with pytest.raises(MaintenanceError, match="there is no database at"):
        await backup(url, str(tmp_path / "copy.sqlite3"))
    await upgrade(url)
    (tmp_path / "taken.sqlite3").write_text("")
    with pytest.raises(MaintenanceError, match="exists already"):
        await backup(url, str(tmp_path / "taken.sqlite3"))
    with pytest.raises(MaintenanceError, match="no such backup file"):
        await restore(url, str(tmp_path / "absent.sqlite3"))
    (tmp_path / "notes.txt").write_text("not a database at all, just some words\n" * 100)
    with pytest.raises(MaintenanceError, match="is not a SQLite database"):
        await restore(url, str(tmp_path / "notes.txt"))
    sqlite3.connect(tmp_path / "other.sqlite3").execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(MaintenanceError, match="is not a clpbot database"):
        await restore(url, str(tmp_path / "other.sqlite3"))


@pytest.mark.parametrize("url", ["postgresql://clpbot:secret@db.example:5432/clp"])
async def test_postgresql_is_pointed_to_pg_dump_without_the_password(url: str) -> None:
    with pytest.raises(MaintenanceError) as refused:
        await backup(url, "clpbot.dump")
    assert (
        "pg_dump --format=custom --file=clpbot.dump 'postgresql://clpbot@db.example:5432/clp'"
        in (str(refused.value))
    )
    assert "secret" not in str(refused.value)
    with pytest.raises(MaintenanceError, match="pg_restore --clean"):
        await restore(url, "clpbot.dump")
