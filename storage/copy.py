"""`clpbot db copy --to URL`: every row of one database into another, empty one.

This is how a CLP moves from SQLite to PostgreSQL when it outgrows one process (or back).
Both databases are first migrated to the same revision; the tables come from the models'
metadata in dependency order (a table after those it refers to), read in one transaction
so the copy is consistent. A column referring to its own table (an idea merged into
another) is filled in after all of that table's rows are in. On PostgreSQL the id
sequences are then set past the copied ids, so new rows do not collide with them.
"""

from __future__ import annotations

from sqlalchemy import Column, Table, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.maintenance import MaintenanceError, refuse_if_in_use, sqlite_file
from storage.models import Base
from storage.sql import SqlStorage

BATCH = 500


async def copy(url: str, target_url: str) -> str:
    source, target = SqlStorage(url), SqlStorage(target_url)
    try:
        if source.engine.dialect.name == "sqlite":
            path = sqlite_file(url, "copy")
            if not path.is_file():
                raise MaintenanceError(f"there is no database at {path} to copy")
            refuse_if_in_use(path, "copy")  # rows the bot wrote after the copy would be lost
        await source.upgrade()
        try:
            await target.upgrade()
        except Exception as exc:
            first_line = (str(exc).strip() or type(exc).__name__).splitlines()[0]
            message = f"could not open the database given with --to: {first_line}"
            raise MaintenanceError(message) from exc
        async with source.engine.connect() as reading, target.engine.begin() as writing:
            await _refuse_unless_empty(writing)
            total = 0
            for table in Base.metadata.sorted_tables:
                total += await _copy_table(table, reading, writing)
            if writing.dialect.name == "postgresql":
                await _reset_sequences(writing)
    finally:
        await source.close()
        await target.close()
    return f"copied {total} rows in {len(Base.metadata.sorted_tables)} tables to the new database"


async def _refuse_unless_empty(writing: AsyncConnection) -> None:
    for table in Base.metadata.sorted_tables:
        if await writing.scalar(select(func.count()).select_from(table)):
            raise MaintenanceError(
                f"the database given with --to is not empty (table {table.name} has rows): "
                "give a new, empty database"
            )


async def _copy_table(table: Table, reading: AsyncConnection, writing: AsyncConnection) -> int:
    later = _self_references(table)
    rows = [dict(row._mapping) for row in await reading.execute(select(table))]
    for start in range(0, len(rows), BATCH):
        batch = [{**row, **dict.fromkeys(c.name for c in later)} for row in rows[start:][:BATCH]]
        await writing.execute(insert(table), batch)
    for row in rows:
        values = {column.name: row[column.name] for column in later}
        if any(value is not None for value in values.values()):
            key = [column == row[column.name] for column in table.primary_key.columns]
            await writing.execute(update(table).where(*key).values(values))
    if len(rows) != await writing.scalar(select(func.count()).select_from(table)):
        raise MaintenanceError(f"table {table.name}: not every row arrived; nothing was kept")
    return len(rows)


def _self_references(table: Table) -> list[Column[object]]:
    return [
        column
        for column in table.columns
        if any(key.column.table is table for key in column.foreign_keys)
    ]


async def _reset_sequences(writing: AsyncConnection) -> None:
    for table in Base.metadata.sorted_tables:
        for column in table.primary_key.columns:
            sequence = await writing.scalar(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            )
            if sequence is not None:
                await writing.execute(
                    text(
                        f'SELECT setval(:sequence, COALESCE(MAX("{column.name}"), 1), '
                        f'MAX("{column.name}") IS NOT NULL) FROM "{table.name}"'
                    ),
                    {"sequence": sequence},
                )
