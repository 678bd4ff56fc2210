"""A migration that fails half way leaves the database exactly as it was, on SQLite as on
PostgreSQL: every pending migration and the version stamp are one transaction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Connection, inspect, text

from storage.sql import MIGRATIONS, SqlStorage
from tests.support import head_revision

BROKEN = '''"""a migration that fails half way

Revision ID: 9999
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("half_column", sa.String(10), nullable=True))
    op.execute("INSERT INTO half_done (id) VALUES (1)")
    op.execute("SELECT * FROM no_such_table")


def downgrade() -> None:
    pass
'''


def with_a_broken_migration(tmp_path: Path) -> Path:
    location = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / "9999_broken.py").write_text(BROKEN.format(head=head_revision()))
    return location


async def schema(storage: SqlStorage) -> tuple[dict[str, list[str]], list[str]]:
    def read(connection: Connection) -> tuple[dict[str, list[str]], list[str]]:
        found = inspect(connection)
        tables = {
            t: sorted(c["name"] for c in found.get_columns(t)) for t in found.get_table_names()
        }
        versions = []
        if "alembic_version" in tables:
            versions = [r[0] for r in connection.execute(text("SELECT * FROM alembic_version"))]
        return tables, versions

    async with storage.engine.connect() as connection:
        return await connection.run_sync(read)


async def test_a_failing_migration_leaves_the_database_unchanged(
    storage_url: str, tmp_path: Path
) -> None:
    storage = SqlStorage(storage_url)
    try:
        await storage.upgrade()
        before = await schema(storage)
        assert before[1] == [head_revision()]
        with pytest.raises(Exception, match="no_such_table"):
            await storage.upgrade(with_a_broken_migration(tmp_path))
        assert await schema(storage) == before
        await storage.upgrade()  # and the next start is fine
    finally:
        await storage.close()


async def test_a_fresh_database_whose_last_migration_fails_stays_empty(
    storage_url: str, tmp_path: Path
) -> None:
    storage = SqlStorage(storage_url)
    try:
        with pytest.raises(Exception, match="no_such_table"):
            await storage.upgrade(with_a_broken_migration(tmp_path))
        assert await schema(storage) == ({}, [])
    finally:
        await storage.close()
