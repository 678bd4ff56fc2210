"""Developer tool: write a new migration by comparing the models with the migrations.

    .venv/bin/python -m storage.revision "add events" --rev-id 0003

It upgrades a scratch SQLite database to head, then lets Alembic autogenerate the
difference into storage/migrations/versions/. Read and tidy what it writes.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import Connection

from storage.sql import SqlStorage, alembic_config


async def _revise(message: str, rev_id: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        storage = SqlStorage(f"sqlite+aiosqlite:///{Path(scratch) / 'scratch.db'}")
        await storage.upgrade()

        def write(connection: Connection) -> None:
            command.revision(
                alembic_config(connection), message=message, autogenerate=True, rev_id=rev_id
            )

        async with storage.engine.begin() as connection:
            await connection.run_sync(write)
        await storage.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("message")
    parser.add_argument("--rev-id", required=True)
    args = parser.parse_args()
    asyncio.run(_revise(args.message, args.rev_id))


if __name__ == "__main__":
    main()
