"""`clpbot db copy`: every row of every table arrives, SQLite -> PostgreSQL and back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, LargeBinary, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.copy import copy
from storage.maintenance import MaintenanceError
from storage.models import Base
from storage.models.base import UTCDateTime
from storage.sql import SqlStorage

IDS = (1, 2, 5)  # a gap: the copy keeps ids as they are, and new ids come after the last
START = datetime(2026, 5, 17, 18, 30, 15, 123456, tzinfo=UTC)


def value(table: Table, column: Any, n: int) -> Any:
    """A distinct value of the column's type for row number n (1, 2, 5)."""
    for key in column.foreign_keys:
        if key.column.table is table:
            return IDS[-1] if n == IDS[0] else None  # row 1 refers to a row copied after it
        return n
    kind = column.type
    if isinstance(kind, Boolean):
        return n % 2 == 0
    if isinstance(kind, Integer):
        return n
    if isinstance(kind, Date):
        return date(2026, 1, n)
    if isinstance(kind, JSON):
        return {"n": n, "text": "Café ✊", "list": [n, None]}
    if isinstance(kind, LargeBinary):
        return bytes([n, 0, 255])
    if isinstance(kind, UTCDateTime | DateTime):
        return START + timedelta(days=n)
    return f"{column.name[:10]}-{n}"


def rows(table: Table) -> list[dict[str, Any]]:
    return [{column.name: value(table, column, n) for column in table.columns} for n in IDS]


async def fill(url: str) -> None:
    storage = SqlStorage(url)
    await storage.upgrade()
    async with storage.engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            later = [
                c for c in table.columns if any(k.column.table is table for k in c.foreign_keys)
            ]
            batch = [{**row, **dict.fromkeys(c.name for c in later)} for row in rows(table)]
            await connection.execute(insert(table), batch)
            for row in rows(table):
                for column in later:
                    key = [c == row[c.name] for c in table.primary_key.columns]
                    await connection.execute(
                        table.update().where(*key).values({column.name: row[column.name]})
                    )
    await storage.close()


async def everything(url: str) -> dict[str, list[dict[str, Any]]]:
    storage = SqlStorage(url)
    try:
        async with storage.engine.connect() as connection:
            return {
                table.name: [
                    dict(row._mapping)
                    for row in await connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in Base.metadata.sorted_tables
            }
    finally:
        await storage.close()


async def new_id(engine: AsyncEngine) -> int:
    """A new audit entry's id: from its table's sequence (persons take random ids)."""
    table = Base.metadata.tables["audit_log"]
    [row] = rows(table)[:1]
    del row["id"]
    async with engine.begin() as connection:
        result = await connection.execute(insert(table).values(row))
    [key] = result.inserted_primary_key or [0]
    return int(key)


async def test_a_clp_moves_to_the_other_database_and_back_with_every_row(
    storage_url: str, tmp_path: Path
) -> None:
    sqlite = f"sqlite+aiosqlite:///{tmp_path / 'from.sqlite3'}"
    back = f"sqlite+aiosqlite:///{tmp_path / 'back.sqlite3'}"
    await fill(sqlite)
    original = await everything(sqlite)
    assert all(len(table_rows) == len(IDS) for table_rows in original.values())

    report = await copy(sqlite, storage_url)
    assert report.startswith(f"copied {len(IDS) * len(original)} rows in {len(original)} tables")
    assert await everything(storage_url) == original
    await copy(storage_url, back)
    assert await everything(back) == original

    moved = SqlStorage(storage_url)
    try:
        assert await new_id(moved.engine) == IDS[-1] + 1  # PostgreSQL's sequences were reset
    finally:
        await moved.close()


async def test_a_database_with_rows_in_it_is_not_overwritten(
    storage_url: str, tmp_path: Path
) -> None:
    sqlite = f"sqlite+aiosqlite:///{tmp_path / 'from.sqlite3'}"
    await fill(sqlite)
    await fill(storage_url)
    with pytest.raises(MaintenanceError, match="--to is not empty"):
        await copy(sqlite, storage_url)


async def test_a_sqlite_database_the_bot_has_open_is_not_moved(
    storage_url: str, tmp_path: Path
) -> None:
    sqlite = f"sqlite+aiosqlite:///{tmp_path / 'from.sqlite3'}"
    await fill(sqlite)
    running = SqlStorage(sqlite)
    async with running.engine.connect() as connection:
        await connection.execute(select(Base.metadata.tables["persons"]))
    try:
        with pytest.raises(MaintenanceError, match="is the bot running"):
            await copy(sqlite, storage_url)
    finally:
        await running.close()


async def test_a_missing_sqlite_file_is_refused_not_copied_as_empty(
    storage_url: str, tmp_path: Path
) -> None:
    with pytest.raises(MaintenanceError, match="there is no database at"):
        await copy(f"sqlite+aiosqlite:///{tmp_path / 'typo.sqlite3'}", storage_url)
