"""`python -m storage.revision` writes a migration that passes ruff and mypy and upgrades a
database: run for a new model with an aware datetime column (`UTCDateTime`), in a copy of
the migrations, in a fresh process (so the extra model never reaches the other tests)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from storage.sql import MIGRATIONS

ROOT = Path(__file__).resolve().parents[2]
NEW_MODEL = """
import asyncio
import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy import String, inspect
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.revision import revise
from storage.sql import SqlStorage


class Leaflet(Base):
    __tablename__ = "leaflets"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    printed_at: Mapped[datetime | None]


async def main(location: Path, database: Path) -> None:
    print(await revise("leaflets", "9000", location))
    storage = SqlStorage(f"sqlite+aiosqlite:///{database}")
    await storage.upgrade(location)
    async with storage.engine.connect() as connection:
        columns = await connection.run_sync(
            lambda c: [col["name"] for col in inspect(c).get_columns("leaflets")]
        )
    await storage.close()
    assert columns == ["id", "title", "printed_at"], columns


asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
"""


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_the_revision_helper_writes_a_file_that_passes_the_checks(tmp_path: Path) -> None:
    location = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    made = run(sys.executable, "-c", NEW_MODEL, str(location), str(tmp_path / "db.sqlite3"))
    assert made.returncode == 0, made.stderr[-3000:]
    written = Path(made.stdout.strip().splitlines()[-1])
    assert written.parent == location / "versions"
    source = written.read_text()
    assert "sa.DateTime(timezone=True)" in source
    bin_dir = Path(sys.executable).parent
    for check in (
        [str(bin_dir / "ruff"), "check", str(written)],
        [str(bin_dir / "ruff"), "format", "--check", str(written)],
        [str(bin_dir / "mypy"), "--strict", "--no-incremental", str(written)],
    ):
        result = run(*check)
        assert result.returncode == 0, (check, result.stdout, result.stderr)
