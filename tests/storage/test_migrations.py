"""The migrations build exactly the schema the models declare (on both databases)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from storage import sql
from storage.models import Base
from storage.sql import SqlStorage
from tests.support import head_revision


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


def test_the_head_read_from_file_names_is_alembics_head() -> None:
    """`storage.sql.head_revision` trusts the numbered file names; Alembic reads the chain."""
    assert sql.head_revision() == head_revision()


async def test_a_current_database_is_checked_without_importing_alembic(tmp_path: Path) -> None:
    """Start-up on a current database costs one query; Alembic loads only to upgrade."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'current.sqlite3'}"
    storage = sql.SqlStorage(url)
    try:
        assert await storage.schema_revision() is None
        await storage.upgrade()
        assert await storage.schema_revision() == head_revision()
    finally:
        await storage.close()
    script = (
        "import asyncio, sys\n"
        "from storage.sql import SqlStorage\n"
        "async def main():\n"
        f"    s = SqlStorage({url!r})\n"
        "    await s.upgrade()\n"
        "    await s.close()\n"
        "asyncio.run(main())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.strip() == "[]"
