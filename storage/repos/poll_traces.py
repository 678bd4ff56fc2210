"""What a closed anonymous poll leaves in the database files, removed once the close commits.

The close itself (`SqlPollStore.close`) sets the poll's secret to NULL and writes every
ballot again under a fresh random key, in the order of those keys, in one transaction: no
live row then carries the voting order or anything the secret could recompute. The old
bytes are still on disk, though, until this runs:

- SQLite: `secure_delete` (storage/engine.py) zeroes deleted and overwritten cells in the
  pages the close writes, but those pages are in the WAL, and the WAL also keeps the
  earlier page images (the secret, the ballots as they arrived) until a checkpoint copies
  the newest ones into the main file. `PRAGMA wal_checkpoint(TRUNCATE)` does that and cuts
  the WAL to zero bytes.
- PostgreSQL: an UPDATE or DELETE leaves the old row version in its heap page (MVCC), with
  its transaction id, and plain VACUUM only marks that space free: the bytes stay until
  something happens to overwrite them. VACUUM FULL writes each table and its indexes to
  new files and the old files are truncated away, so that is what runs here, on the three
  small poll tables (each locked for the few milliseconds it takes). It cannot remove a row
  version that a transaction still open elsewhere might see, and PostgreSQL's own write-ahead
  log (pg_wal) keeps change records until its segments are recycled: that is the server's,
  outside what the bot can clear (README, "Members' data").

The close registers `erase_soon` to run after its commit; `settled` waits for that, so
`/poll close` answers only once the traces are gone.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.repos.coalesce import shared_per_engine

log = logging.getLogger("clpbot.storage")

POLL_TABLES = "polls, poll_ballots, poll_ballot_drafts"
LOCK_TIMEOUT = "5s"


class TraceEraser:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._running: set[asyncio.Task[None]] = set()
        self.erased = 0
        """How many erasures have finished (tests count them)."""

    def erase_soon(self) -> None:
        task = asyncio.get_running_loop().create_task(self._erase(), name="poll-traces")
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def settled(self) -> None:
        """Wait until every erasure started so far has finished."""
        while self._running:
            await asyncio.gather(*self._running, return_exceptions=True)

    async def _erase(self) -> None:
        try:
            if self.engine.dialect.name == "postgresql":
                await self._vacuum()
            else:
                await self._checkpoint()
            self.erased += 1
        except Exception as error:
            log.warning("could not clear a closed poll's old bytes from the database: %s", error)

    async def _checkpoint(self) -> None:
        async with self.engine.connect() as connection:
            # outside any transaction (SQLite refuses a checkpoint inside one, and every
            # transaction here begins IMMEDIATE: storage/engine.py)
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            result = await autocommit.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = result.scalar()
        if busy:
            raise RuntimeError("a reader held the WAL; it is cleared at the next close")

    async def _vacuum(self) -> None:
        async with self.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.exec_driver_sql(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            try:
                for _ in range(VACUUM_PASSES):
                    await _outlive_older_transactions(autocommit)
                    await autocommit.exec_driver_sql(f"VACUUM FULL {POLL_TABLES}")
            finally:
                await autocommit.exec_driver_sql("RESET lock_timeout")


async def _outlive_older_transactions(connection: AsyncConnection) -> None:
    """Wait (a few seconds at most) for the transactions in this database that began before
    now: VACUUM FULL keeps any old row version such a transaction might still read (a vote
    or a delivery that was under way when the poll closed), secret and all."""
    started = await connection.scalar(text("SELECT statement_timestamp()"))
    for _ in range(int(OLDER_TRANSACTIONS_WAIT / POLL_INTERVAL)):
        older = await connection.scalar(_OLDER, {"started": started})
        if not older:
            return
        await asyncio.sleep(POLL_INTERVAL)
    log.warning("a transaction open since before a poll closed outlived the wait for it")


_OLDER = text(
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
    " AND pid <> pg_backend_pid() AND xact_start < :started"
)
OLDER_TRANSACTIONS_WAIT = 10.0
VACUUM_PASSES = 2
"""A second pass removes what a transaction running during the first still held back."""
POLL_INTERVAL = 0.02

traces_for = shared_per_engine(TraceEraser)
