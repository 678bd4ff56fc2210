"""Vote burst: 10,000 button votes (with changes) from 2,000 members through the whole
bot (fake adapter), each durable before its answer, counted exactly once; on SQLite and
on PostgreSQL (CLPBOT_TEST_POSTGRES_URL or the local server; skipped if unreachable).

Members vote at once (each waits for its answer before pressing again, as a person
does), so concurrent votes share commits (storage/repos/ballot_batcher.py).
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from adapters.fake import FakeAdapter
from bench.common import Figure, Stat, at_least, scratch_dir, sqlite_url
from bench.harness import bench_config, running
from bot.model import ButtonEvent
from bot.stores.polls import POLLS, Poll, PollKind, PollOption
from storage.repos.ballot_batcher import batcher_for
from storage.sql import SqlStorage

GOAL = 1000.0
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str | None]:
    """A scratch PostgreSQL database, dropped afterwards; None if there is no server."""
    base = make_url(os.environ.get("CLPBOT_TEST_POSTGRES_URL", POSTGRES))
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"clpbot_bench_{uuid.uuid4().hex[:10]}"
    try:
        connection = await asyncpg.connect(admin, timeout=5)
    except (OSError, asyncpg.PostgresError):
        yield None
        return
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()


async def burst(url: str, members: int, votes_each: int) -> dict[str, Any]:
    fake = FakeAdapter()
    rng = random.Random(7)
    async with running(bench_config(url), fake) as app:
        now = datetime.now(UTC)
        poll = Poll(
            "Which campaign first?",
            PollKind.SINGLE,
            [PollOption(label) for label in ("Buses", "Housing", "NHS", "Schools")],
            deadline=now + timedelta(days=1),
            created_at=now,
        )
        async with app.storage.unit() as uow:
            poll_id = (await uow.get(POLLS).create(poll, secrets.token_bytes(32))).id
        plans = {f"m{n}": [rng.randrange(4) for _ in range(votes_each)] for n in range(members)}

        async def member(user: str, choices: list[int]) -> None:
            for option in choices:
                event = ButtonEvent(
                    sender=fake.identity(user),
                    chat=fake.chat(user),
                    value=f"vote:{poll_id}:{option}",
                )
                await fake.push(event)

        assert isinstance(app.storage, SqlStorage)
        batcher = batcher_for(app.storage.engine)
        batches = batcher.batches
        started = time.perf_counter()
        await asyncio.gather(*(member(user, plan) for user, plan in plans.items()))
        wall = time.perf_counter() - started
        async with app.storage.unit() as uow:
            ballots = await uow.get(POLLS).ballots(poll_id or 0)
    recorded = sum(1 for s in fake.sent if "is recorded" in s.text)
    expected = sorted((plan[-1],) for plan in plans.values())
    return {
        "votes": members * votes_each,
        "wall_s": wall,
        "votes_per_s": members * votes_each / wall,
        "acknowledged": recorded,
        "ballots": len(ballots),
        "exactly_once": ballots == expected,
        "commits": batcher.batches - batches,
    }


def _figure(name: str, result: dict[str, Any] | None, members: int) -> Figure:
    if result is None:
        return Figure(
            f"votes.{name}",
            f"Vote burst on {name}",
            Stat.of([0.0]),
            "votes/s",
            f">= {GOAL:,.0f} votes/s",
            None,
            details={"skipped": "no PostgreSQL server reachable"},
        )
    correct = (
        result["exactly_once"]
        and result["acknowledged"] == result["votes"]
        and result["ballots"] == members
    )
    return Figure(
        f"votes.{name}",
        f"Vote burst on {name}: {result['votes']:,} votes from {members:,} members",
        Stat.of([result["votes_per_s"]]),
        "votes/s",
        f">= {GOAL:,.0f} votes/s, each acknowledged after commit, counted once",
        at_least(result["votes_per_s"], GOAL) and correct,
        details=result,
    )


async def run(small: bool = False) -> list[Figure]:
    members, each = (20, 3) if small else (2000, 5)
    with scratch_dir() as folder:
        on_sqlite = await burst(sqlite_url(folder), members, each)
    async with postgres_database() as url:
        on_postgres = await burst(url, members, each) if url else None
    return [_figure("SQLite", on_sqlite, members), _figure("PostgreSQL", on_postgres, members)]
