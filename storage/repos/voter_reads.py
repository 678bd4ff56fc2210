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

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models.accounts import PersonIdentity
from storage.models.polls import PollRow
from storage.repos.coalesce import Coalescer, shared_per_engine

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


class VoterReads:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._batches = Coalescer(self._fetch, max_batch=MAX_BATCH)

    @property
    def batches(self) -> int:
        return self._batches.batches

    async def read(self, poll_id: int, platform: str, user_id: str) -> VoterRead:
        return await self._batches.submit((poll_id, (platform, user_id)))

    async def _fetch(self, batch: list[tuple[int, tuple[str, str]]]) -> list[VoterRead]:
        poll_ids = {poll_id for poll_id, _ in batch}
        identities = list({who for _, who in batch})
        async with self.engine.connect() as connection:
            polls = await connection.execute(select(POLLS).where(POLLS.c.id.in_(poll_ids)))
            found = await connection.execute(
                IDENTITIES.where(
                    tuple_(PersonIdentity.platform, PersonIdentity.user_id).in_(identities)
                )
            )
        by_id = {row.id: row for row in polls}
        people = {(row.platform, row.user_id): (row.person_id, row.display_name) for row in found}
        return [
            VoterRead(by_id.get(poll_id), *people.get(who, (None, None))) for poll_id, who in batch
        ]


voter_reads_for = shared_per_engine(VoterReads)
