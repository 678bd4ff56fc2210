"""A SQLite database that cannot be opened fails with its error and leaves no aiosqlite
thread behind to print "Event loop is closed" once `asyncio.run` has ended."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bot.adapter import StartError
from bot.app import open_storage
from storage.engine import WORKER
from tests.support import make_config


def worker_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.endswith(WORKER) and t.is_alive()}


async def test_a_database_that_cannot_be_opened_leaves_no_thread_running(
    tmp_path: Path,
) -> None:
    before = worker_threads()
    config = make_config(f"sqlite+aiosqlite:///{tmp_path}/no/such/dir/x.db")
    for _ in range(5):
        with pytest.raises(StartError, match="could not open the database"):
            await open_storage(config)
        assert worker_threads() <= before  # ended while the event loop still ran
