"""The poll store on SQLite and PostgreSQL: one ballot per voter under concurrency, votes
refused after the close, the secret destroyed, and linked people merged."""

from __future__ import annotations

import asyncio
import random
import secrets
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.model import ChatKind, ChatRef, Identity
from bot.stores.accounts import ACCOUNTS
from bot.stores.polls import POLLS, Poll, PollKind, PollOption
from commands.polls.voting import voter_key
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
MEMBERS = 400
VOTES_EACH = 5  # 2,000 votes in all, four of each member's five are changes


def a_poll(kind: PollKind = PollKind.SINGLE, anonymous: bool = True) -> Poll:
    return Poll(
        question="Which campaign first?",
        kind=kind,
        options=[PollOption(label) for label in ("Buses", "Housing", "NHS", "Parks")],
        deadline=NOW + timedelta(days=3),
        created_at=NOW,
        chats=[ChatRef("fake", "members", ChatKind.GROUP)],
        anonymous=anonymous,
    )


async def create(storage: SqlStorage, poll: Poll) -> tuple[int, bytes]:
    secret = secrets.token_bytes(32)
    async with storage.unit() as uow:
        created = await uow.get(POLLS).create(poll, secret)
    assert created.id is not None
    return created.id, secret


async def cast(storage: SqlStorage, poll_id: int, key: str, choice: int) -> bool:
    async with storage.unit() as uow:
        return await uow.get(POLLS).cast(poll_id, key, (choice,), None)


async def test_concurrent_votes_and_changes_count_exactly_once_each(storage: SqlStorage) -> None:
    poll_id, secret = await create(storage, a_poll())
    rng = random.Random(7)
    plans = {m: [rng.randrange(4) for _ in range(VOTES_EACH)] for m in range(MEMBERS)}
    keys = {m: voter_key(secret, m) for m in range(MEMBERS)}
    gate = asyncio.Semaphore(8)  # eight connections at once, as a busy bot would use

    async def member_votes(member: int) -> None:
        for choice in plans[member]:  # each member's presses in order, all members at once
            async with gate:
                assert await cast(storage, poll_id, keys[member], choice)

    async def double_press(member: int) -> None:  # the same press twice at the same moment
        last = plans[member][-1]
        await asyncio.gather(*(cast(storage, poll_id, keys[member], last) for _ in range(2)))

    await asyncio.gather(*(member_votes(m) for m in range(MEMBERS)))
    await asyncio.gather(*(double_press(m) for m in range(0, MEMBERS, 10)))

    async with storage.unit() as uow:
        store = uow.get(POLLS)
        ballots = await store.ballots(poll_id)
        turnout = await store.turnout(poll_id)
    expected = Counter(plan[-1] for plan in plans.values())
    assert turnout == MEMBERS
    assert Counter(b[0] for b in ballots) == expected
    assert sum(len(plan) for plan in plans.values()) == 2000


async def test_a_vote_after_the_close_is_refused_and_the_secret_is_gone(
    storage: SqlStorage,
) -> None:
    poll_id, secret = await create(storage, a_poll())
    assert await cast(storage, poll_id, voter_key(secret, 1), 0)
    async with storage.unit() as uow:
        assert await uow.get(POLLS).close(poll_id, NOW)
        assert not await uow.get(POLLS).close(poll_id, NOW)  # closes once
    assert not await cast(storage, poll_id, voter_key(secret, 2), 1)
    async with storage.unit() as uow:
        store = uow.get(POLLS)
        assert await store.secret(poll_id) is None
        assert await store.ballots(poll_id) == [(0,)]
        poll = await store.get(poll_id)
    assert poll is not None
    assert not poll.is_open


async def test_votes_racing_the_close_are_either_counted_or_refused(storage: SqlStorage) -> None:
    poll_id, secret = await create(storage, a_poll())
    counted_at_close: list[int] = []

    async def closer() -> None:
        async with storage.unit() as uow:
            store = uow.get(POLLS)
            assert await store.close(poll_id, NOW)
            counted_at_close.append(len(await store.ballots(poll_id)))

    async def voter(m: int) -> bool:
        return await cast(storage, poll_id, voter_key(secret, m), m % 4)

    results = await asyncio.gather(
        *(voter(m) for m in range(30)), closer(), return_exceptions=False
    )
    accepted = sum(1 for r in results[:30] if r)
    async with storage.unit() as uow:
        stored = len(await uow.get(POLLS).ballots(poll_id))
    assert stored == accepted == counted_at_close[0]


async def test_anonymous_ballots_hold_no_person_and_open_ones_do(storage: SqlStorage) -> None:
    anon_id, anon_secret = await create(storage, a_poll())
    open_id, open_secret = await create(storage, a_poll(anonymous=False))
    async with storage.unit() as uow:
        person = await uow.get(ACCOUNTS).person_of(Identity("fake", "ann", "Ann"), NOW)
        store = uow.get(POLLS)
        assert await store.cast(anon_id, voter_key(anon_secret, person), (2,), None)
        assert await store.cast(open_id, voter_key(open_secret, person), (1,), person)
    async with storage.unit() as uow:
        store = uow.get(POLLS)
        assert await store.named_ballots(anon_id) == []
        [named] = await store.named_ballots(open_id)
    assert (named.person_id, named.choices) == (person, (1,))


async def test_rekey_keeps_one_ballot_per_person(storage: SqlStorage) -> None:
    poll_id, secret = await create(storage, a_poll())
    kept, gone, alone = (voter_key(secret, n) for n in (1, 2, 3))
    for key, choice in ((kept, 0), (gone, 1), (alone, 2)):
        assert await cast(storage, poll_id, key, choice)
    async with storage.unit() as uow:
        store = uow.get(POLLS)
        await store.rekey(poll_id, gone, kept, None)  # both voted: the kept one stays
        await store.rekey(poll_id, alone, voter_key(secret, 4), None)  # moves over
    async with storage.unit() as uow:
        store = uow.get(POLLS)
        assert await store.ballot(poll_id, kept) == (0,)
        assert await store.ballot(poll_id, gone) is None
        assert await store.ballot(poll_id, voter_key(secret, 4)) == (2,)
        assert await store.turnout(poll_id) == 2


async def test_turnouts_count_every_poll_in_one_query(storage: SqlStorage) -> None:
    first, _ = await create(storage, a_poll())
    second, _ = await create(storage, a_poll())
    for key in ("a", "b", "c"):
        assert await cast(storage, first, key, 0)
    async with storage.unit() as uow:
        store = uow.get(POLLS)
        assert await store.turnouts([first, second]) == {first: 3, second: 0}
        assert await store.turnouts([]) == {}


async def test_latest_lists_open_and_closed_polls_newest_first_up_to_the_limit(
    storage: SqlStorage,
) -> None:
    ids = [(await create(storage, a_poll()))[0] for _ in range(3)]
    async with storage.unit() as uow:
        assert await uow.get(POLLS).close(ids[0], NOW)
    async with storage.unit() as uow:
        latest = await uow.get(POLLS).latest(2)
        every = await uow.get(POLLS).latest(10)
    assert [p.id for p in latest] == [ids[2], ids[1]]
    assert [p.id for p in every] == ids[::-1]
    assert not every[-1].is_open
