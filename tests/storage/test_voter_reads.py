"""The reads a vote needs, on SQLite and PostgreSQL: votes arriving together are read in
one go, each gets its own poll and person, and an event that already holds a connection
never waits for a second one (that emptied the pool in a burst of first votes)."""

from __future__ import annotations

import asyncio

from bot.model import Identity
from bot.stores.accounts import ACCOUNTS
from bot.stores.polls import POLLS, PollStatus, VoterView
from storage.repos.voter_reads import voter_reads_for
from storage.sql import SqlStorage
from tests.storage.test_polls_store import NOW, a_poll, create

POOL_AND_THEN_SOME = 40
"""More events at once than the connection pool holds (5 + 10 on SQLite, 5 + 5 here)."""


def member(n: int) -> Identity:
    return Identity("telegram", str(n), f"Member {n}")


async def test_votes_arriving_together_share_one_read(storage: SqlStorage) -> None:
    poll_id, secret = await create(storage, a_poll())
    async with storage.unit() as uow:
        known = await uow.get(ACCOUNTS).person_of(member(1), NOW)
    reads = voter_reads_for(storage.engine)
    before = reads.batches

    async def view(n: int, poll: int) -> VoterView | None:
        async with storage.unit() as uow:
            return await uow.get(POLLS).for_voter(poll, member(n))

    views = await asyncio.gather(*(view(n, poll_id) for n in range(1, 31)), view(1, 999))
    assert reads.batches - before <= 2  # the first read, then everyone who came meanwhile
    first = views[0]
    assert first is not None
    assert first.poll.id == poll_id
    assert first.poll.status is PollStatus.OPEN
    assert first.secret == secret
    assert first.person_id == known
    assert all(v is not None and v.person_id is None for v in views[1:30])  # not seen yet
    assert views[30] is None  # no poll #999


async def test_a_renamed_member_is_looked_up_again(storage: SqlStorage) -> None:
    poll_id, _ = await create(storage, a_poll())
    async with storage.unit() as uow:
        await uow.get(ACCOUNTS).person_of(member(1), NOW)
    renamed = Identity("telegram", "1", "Member One")
    async with storage.unit() as uow:
        found = await uow.get(POLLS).for_voter(poll_id, renamed)
    assert found is not None
    assert found.person_id is None  # the caller asks the accounts store, which renames


async def test_events_holding_a_connection_never_wait_for_another(storage: SqlStorage) -> None:
    poll_id, _ = await create(storage, a_poll())

    async def event(n: int) -> bool:
        async with storage.unit() as uow:
            polls = uow.get(POLLS)
            await polls.get(poll_id)  # this event's session now holds a connection
            return await polls.for_voter(poll_id, member(n)) is not None

    found = await asyncio.wait_for(
        asyncio.gather(*(event(n) for n in range(POOL_AND_THEN_SOME))), timeout=60
    )
    assert all(found)
