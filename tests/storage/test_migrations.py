"""The migrations build exactly the schema the models declare (on both databases)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from storage.models import Base
from storage.sql import SqlStorage


async def test_migrations_match_the_models(storage: SqlStorage) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with storage.engine.connect() as connection:
        diff = await connection.run_sync(differences)
    assert diff == [], (
        "models and migrations differ: write a migration (python -m storage.revision)"
    )


async def test_upgrade_twice_is_harmless(storage: SqlStorage) -> None:
    await storage.upgrade()
