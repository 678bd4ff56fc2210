"""Bursts through the real Telegram adapter: 200 members at once, at 0 and 100 ms round trip.

The fake Bot API runs in its own process (bench/burst_server.py), answers every call one
round trip after it arrives and enforces Telegram's flood limits (30/s overall, 1/s per
chat). The bot is the whole product (python-telegram-bot, the core, every feature) on
SQLite and on PostgreSQL. Each sample is one burst: all 200 members press the same button
at once, or all type their answer to a /submit step at once. One run goes through /submit
twice, so each burst kind gets at least 5 samples:

    /submit, then (pressed) I agree, NPF consultation submission, Safer streets,
    (typed) the title, the problem, the proposal; /cancel; /submit again, (pressed) Start
    a new one, the kind and the commission, (typed) title, problem, proposal.

Per burst: how long from the last member's update to the bot's last reply (at the fake's
end, one monotonic clock for both processes), apologies ("Sorry, something went wrong"),
members whose answer was lost (no next question), and members answered twice. Goal: none
of those, and throughput at 100 ms at least 0.8 x the same burst at 0 ms (paired by
sample). The 30/s flood limit bounds the throughput at about 30 members/s either way: the
goal says that a slow network costs almost nothing on top of the platform's limit.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from adapters.telegram import TelegramAdapter
from bench.burst_server import FIRST_MEMBER
from bench.common import (
    Figure,
    Stat,
    at_least,
    ratio,
    scratch_dir,
    server_process,
    sqlite_url,
)
from bench.harness import bench_config, running
from bench.votes import postgres_database
from bot.config import TelegramConfig
from tests.fakes.telegram_api import TOKEN

MEMBERS = 200
ROUND_TRIPS_MS = (0.0, 100.0)
RATIO_GOAL = 0.8
APOLOGY = "Sorry, something went wrong"
TITLE, PROBLEM, PROPOSAL = (
    "Night buses",
    "The last bus leaves at nine, so shift workers walk home in the dark.",
    "Fund night buses on the main routes through the town.",
)


@dataclass
class Burst:
    kind: str  # "press" or "type"
    what: str
    expect: str
    """A phrase the next question contains: that member's answer was taken."""
    measured: bool = True
    replies: int = 1
    """How many messages the bot answers with (the code of conduct's thanks, then step 1)."""


ROUND = [
    Burst("press", "NPF consultation submission", "the policy commission"),
    Burst("press", "Safer streets", "the title"),
    Burst("type", TITLE, "the problem"),
    Burst("type", PROBLEM, "your proposal"),
    Burst("type", PROPOSAL, "local evidence"),
]
SCRIPT = [
    Burst("type", "/submit", "code of conduct", measured=False),
    Burst("press", "I agree to follow it", "what you are writing", replies=2),
    *ROUND,
    Burst("type", "/cancel", "Stopped", measured=False),
    Burst("type", "/submit", "unfinished draft", measured=False),
    Burst("press", "Start a new one", "what you are writing"),
    *ROUND,
]
SMALL_SCRIPT = SCRIPT[:6]
"""`make test`'s smoke run: a few members, each burst kind at least twice, SQLite only."""


@dataclass
class Outcome:
    seconds: list[float] = field(default_factory=list)
    apologies: int = 0
    lost: int = 0
    twice: int = 0
    refused: int = 0
    members: int = MEMBERS

    def rate(self) -> list[float]:
        return [self.members / s for s in self.seconds]


def distant_telegram(members: int, round_trip_ms: float) -> AbstractAsyncContextManager[int]:
    return server_process("bench.burst_server", str(members), str(round_trip_ms))


async def _call(client: httpx.AsyncClient, port: int, method: str, **params: str) -> Any:
    reply = await client.post(f"http://127.0.0.1:{port}/bot{TOKEN}/{method}", data=params)
    return reply.json()["result"]


async def _settle(
    client: httpx.AsyncClient, port: int, before: dict[str, int], replies: int, within: float
) -> dict[str, Any]:
    """Wait until every member has been sent `replies` new messages (or `within` runs out)."""
    deadline = time.monotonic() + within
    while True:
        stats = await _call(client, port, "benchStats")
        texts: dict[str, list[str]] = stats["texts"]
        if all(len(texts.get(c, [])) >= n + replies for c, n in before.items()):
            # one more look a little later: a second answer to one press would show now
            await asyncio.sleep(0.5)
            return dict(await _call(client, port, "benchStats"))
        if time.monotonic() > deadline:
            return dict(stats)
        await asyncio.sleep(0.1)


async def one_run(
    url: str, round_trip_ms: float, members: int = MEMBERS, script: list[Burst] = SCRIPT
) -> dict[str, Outcome]:
    outcomes = {"press": Outcome(members=members), "type": Outcome(members=members)}
    chats = [str(FIRST_MEMBER + n) for n in range(members)]
    async with (
        distant_telegram(members, round_trip_ms) as port,
        httpx.AsyncClient(trust_env=False) as c,
    ):
        section = {"enabled": True, "token": TOKEN, "base_url": f"http://127.0.0.1:{port}/bot"}
        adapter = TelegramAdapter(TelegramConfig.model_validate(section), poll_timeout=1.0)
        async with running(bench_config(url, telegram=section), adapter):
            stats = await _call(c, port, "benchStats")
            for burst in script:
                texts = stats["texts"]
                before = {chat: len(texts.get(chat, [])) for chat in chats}
                method = "benchPress" if burst.kind == "press" else "benchType"
                key = "label" if burst.kind == "press" else "text"
                pushed = await _call(c, port, method, **{key: burst.what})
                within = 60 + 2 * members / 30
                stats = await _settle(c, port, before, burst.replies, within)
                if burst.measured:
                    _score(outcomes[burst.kind], burst, before, stats, pushed["pushed_at"])
            for outcome in outcomes.values():
                outcome.refused = int(stats["refused"])
    return outcomes


def _score(
    outcome: Outcome, burst: Burst, before: dict[str, int], stats: dict[str, Any], pushed: float
) -> None:
    texts: dict[str, list[str]] = stats["texts"]
    for chat, seen in before.items():
        new = texts.get(chat, [])[seen:]
        outcome.apologies += sum(1 for t in new if APOLOGY in t)
        if not any(burst.expect.lower() in t.lower() for t in new):
            outcome.lost += 1
        if len(new) > burst.replies:
            outcome.twice += 1
    outcome.seconds.append(max(1e-3, float(stats["last_sent_at"]) - pushed))


Database = Callable[[], AbstractAsyncContextManager[str | None]]
"""A fresh, empty database for each run (its URL), or None where there is no server."""


@asynccontextmanager
async def sqlite_database() -> AsyncIterator[str | None]:
    with scratch_dir() as folder:
        yield sqlite_url(folder)


async def on_database(name: str, database: Database, small: bool = False) -> list[Figure]:
    members, script = (5, SMALL_SCRIPT) if small else (MEMBERS, SCRIPT)
    runs: dict[float, dict[str, Outcome]] = {}
    for ms in ROUND_TRIPS_MS:
        async with database() as url:
            if url is None:
                return []
            runs[ms] = await one_run(url, ms, members, script)
    near, far = runs[ROUND_TRIPS_MS[0]], runs[ROUND_TRIPS_MS[1]]
    figures = []
    for kind, title in (("press", "press one button"), ("type", "answer a /submit step")):
        slow, fast = Stat.of(far[kind].rate()), Stat.of(near[kind].rate())
        faults = {
            ms: {
                "apologies": runs[ms][kind].apologies,
                "lost": runs[ms][kind].lost,
                "twice": runs[ms][kind].twice,
                "429s": runs[ms][kind].refused,
            }
            for ms in ROUND_TRIPS_MS
        }
        clean = all(sum(v for k, v in f.items() if k != "429s") == 0 for f in faults.values())
        paired = ratio(slow, fast)
        figures.append(
            Figure(
                f"burst.{name.lower()}.{kind}",
                f"Telegram, {name}: {members} members {title} at once, throughput at 100 ms"
                " round trip / at 0 ms",
                paired,
                "x",
                f">= {RATIO_GOAL} x; zero apologies, lost answers, double answers",
                at_least(paired.median, RATIO_GOAL) and clean,
                details={
                    "members_per_s_at_0ms": fast.as_json(),
                    "members_per_s_at_100ms": slow.as_json(),
                    "faults_by_round_trip_ms": faults,
                },
            )
        )
    return figures


async def run(small: bool = False) -> list[Figure]:
    figures = await on_database("SQLite", sqlite_database, small)
    if not small:
        figures += await on_database("PostgreSQL", postgres_database)
    return figures
