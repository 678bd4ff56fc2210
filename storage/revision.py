"""Developer tool: write a new migration by comparing the models with the migrations.

    .venv/bin/python -m storage.revision "add events" --rev-id 0003

It upgrades a scratch SQLite database to head, then lets Alembic autogenerate the
difference into storage/migrations/versions/, and runs ruff over the file (lint fixes and
format), so what it writes passes the project's checks. Read and tidy what it writes.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import Script
from sqlalchemy import Connection

from storage.sql import MIGRATIONS, SqlStorage, alembic_config


async def revise(message: str, rev_id: str, script_location: Path = MIGRATIONS) -> Path:
    """Write the migration; returns its path."""
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        storage = SqlStorage(f"sqlite+aiosqlite:///{Path(scratch) / 'scratch.db'}")
        try:
            await storage.upgrade(script_location)

            def write(connection: Connection) -> None:
                config = alembic_config(connection, script_location)
                script = command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
                assert isinstance(script, Script)
                written.append(Path(script.path))

            async with storage.engine.begin() as connection:
                await connection.run_sync(write)
        finally:
            await storage.close()
    [path] = written
    tidy(path)
    return path


def tidy(path: Path) -> None:
    """ruff's lint fixes (an unused import) and format (quotes, line length) on `path`."""
    ruff = Path(sys.executable).with_name("ruff")
    for arguments in (["check", "--fix", "--quiet"], ["format", "--quiet"]):
        subprocess.run([str(ruff), *arguments, str(path)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("message")
    parser.add_argument("--rev-id", required=True)
    args = parser.parse_args()
    print(asyncio.run(revise(args.message, args.rev_id)))


if __name__ == "__main__":
    main()
