"""Group reads for votes: what votes arriving together need is read in one go.

A vote needs its poll (with the secret while it is open) and the voter's person. Read one
vote at a time, each read is an awaited statement through the driver's thread, about
1 ms here, and a burst of votes after a poll is announced queues behind them. So reads
that arrive while one is under way wait for it and are then answered together: one
connection, one SELECT of the polls they name and one of the identities. They share
nothing else: the vote itself is written by `BallotBatcher`, which checks in the same
statement that the poll is still open, so a poll that closes between this read and the
write never counts the vote.

Read outside the event's transaction on purpose: a vote's event then opens no session
of its own, and there is nothing uncommitted for it to see (a vote writes nothing
before it reads).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models.accounts import PersonIdentity
from storage.models.polls import PollRow

MAX_BATCH = 400
"""Reads per statement: two bound values per identity stay far below SQLite's limit."""
POLLS = PollRow.__table__
IDENTITIES = select(
    PersonIdentity.platform,
    PersonIdentity.user_id,
    PersonIdentity.person_id,
    PersonIdentity.display_name,
)


@dataclass(frozen=True, slots=True)
class VoterRead:
    """The poll row (None if there is no such poll) and the identity's person and name."""

    poll: Any
    person_id: int | None
    display_name: str | None


@dataclass(slots=True)
class _Wanted:
    poll_id: int
    who: tuple[str, str]
    done: asyncio.Future[VoterRead]


class VoterReads:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.batches = 0
        self._pending: list[_Wanted] = []
        self._reader: asyncio.Task[None] | None = None

    async def read(self, poll_id: int, platform: str, user_id: str) -> VoterRead:
        done: asyncio.Future[VoterRead] = asyncio.get_running_loop().create_future()
        self._pending.append(_Wanted(poll_id, (platform, user_id), done))
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read_all())
        return await done

    async def _read_all(self) -> None:
        """Answer everything pending, a batch at a time, until nothing is left."""
        while self._pending:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                polls, people = await self._fetch(batch)
            except Exception as error:
                for wanted in batch:
                    if not wanted.done.done():
                        wanted.done.set_exception(error)
                continue
            self.batches += 1
            for wanted in batch:
                person, name = people.get(wanted.who, (None, None))
                if not wanted.done.done():
                    wanted.done.set_result(VoterRead(polls.get(wanted.poll_id), person, name))

    async def _fetch(
        self, batch: list[_Wanted]
    ) -> tuple[dict[int, Any], dict[tuple[str, str], tuple[int, str]]]:
        poll_ids = {wanted.poll_id for wanted in batch}
        identities = list({wanted.who for wanted in batch})
        async with self.engine.connect() as connection:
            polls = await connection.execute(select(POLLS).where(POLLS.c.id.in_(poll_ids)))
            found = await connection.execute(
                IDENTITIES.where(
                    tuple_(PersonIdentity.platform, PersonIdentity.user_id).in_(identities)
                )
            )
        return (
            {row.id: row for row in polls},
            {(row.platform, row.user_id): (row.person_id, row.display_name) for row in found},
        )


_READERS: WeakKeyDictionary[AsyncEngine, VoterReads] = WeakKeyDictionary()


def voter_reads_for(engine: AsyncEngine) -> VoterReads:
    reader = _READERS.get(engine)
    if reader is None:
        reader = _READERS[engine] = VoterReads(engine)
    return reader
