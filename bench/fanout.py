"""Fan-out of one announcement through the outbox to many chats, against fakes (each in its
own process, answering one network round trip after each request) that enforce the
platforms' flood limits and answer 429 above them.

Telegram: 30 messages/s overall, 1/s per chat, 20/minute per group. In any sliding second
at most 30 arrive, so N posts cannot all have arrived before floor((N-1)/30) s after the
first: the goal is 1.05 x that + 1 s, and no 429. Discord: 50 requests/s, the same bound
with 50. Five fan-outs at each round trip (0 and 100 ms), and five with both platforms at
once (each must finish within its own bound: one platform never waits for the other).
With 429s injected, every chat still gets it exactly once.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx

from bench.common import Figure, Stat, at_most, scratch_dir, server_process, sqlite_url
from bench.fanout_server import FIRST_CHANNEL
from bench.harness import bench_config, running
from bot.adapter import Adapter
from bot.model import ChatKind, ChatRef, OutgoingMessage
from tests.fakes.telegram_api import TOKEN

ANNOUNCEMENT = OutgoingMessage.text(
    "Policy forum this Thursday, 7pm, at the Labour Hall.", "All members welcome."
)


SAMPLES = 5
ROUND_TRIPS_MS = (0, 100)


def fake_platform(
    kind: str, size: int, inject_every: int = 0, round_trip_ms: int = 0
) -> AbstractAsyncContextManager[int]:
    return server_process(
        "bench.fanout_server", kind, str(size), str(inject_every), str(round_trip_ms)
    )


def bound(size: int, per_second: int) -> float:
    """The sliding-window bound: the time N sends take at `per_second`, at the least."""
    return float((size - 1) // per_second)


async def _stats(kind: str, port: int) -> dict[str, Any]:
    async with httpx.AsyncClient(trust_env=False) as client:
        if kind == "telegram":
            reply = await client.post(f"http://127.0.0.1:{port}/bot{TOKEN}/benchStats")
            return dict(reply.json()["result"])
        reply = await client.get(f"http://127.0.0.1:{port}/api/v10/bench-stats")
        return dict(reply.json())


def _adapter(kind: str, port: int) -> tuple[Adapter, dict[str, Any]]:
    if kind == "telegram":
        from adapters.telegram import TelegramAdapter
        from bot.config import TelegramConfig

        section = {"enabled": True, "token": TOKEN, "base_url": f"http://127.0.0.1:{port}/bot"}
        return TelegramAdapter(TelegramConfig.model_validate(section)), section
    from adapters.discord import DiscordAdapter
    from bot.config import DiscordConfig

    section = {
        "enabled": True,
        "token": "fake-token",
        "api_base_url": f"http://127.0.0.1:{port}/api/v10",
        "gateway_url": f"ws://127.0.0.1:{port}/gateway",
        "guild_ids": [1001],
        "announce_channels": [2001],
    }
    return DiscordAdapter(DiscordConfig.model_validate(section), guild_ready_timeout=0.05), section


def _chats(kind: str, size: int) -> list[ChatRef]:
    if kind == "telegram":
        return [ChatRef(kind, str(-1_002_000_000_000 - n), ChatKind.GROUP) for n in range(size)]
    return [ChatRef(kind, str(FIRST_CHANNEL + n), ChatKind.CHANNEL) for n in range(size)]


async def fan_out(
    kind: str, size: int, inject_every: int = 0, round_trip_ms: int = 0
) -> dict[str, Any]:
    """One announcement to `size` chats; wall and CPU seconds, and the fake's counts."""
    async with fake_platform(kind, size, inject_every, round_trip_ms) as port:
        adapter, section = _adapter(kind, port)
        with scratch_dir() as folder:
            config = bench_config(sqlite_url(folder), **{kind: section})
            async with running(config, adapter) as app:
                walls = await _announce(app, {kind: (port, size)})
    return {"wall_s": walls[kind], "round_trip_ms": round_trip_ms, **walls["stats"][kind]}


async def fan_out_both(sizes: dict[str, int], round_trip_ms: int) -> dict[str, Any]:
    """One announcement to Telegram groups and Discord channels at once."""
    async with (
        fake_platform("telegram", sizes["telegram"], 0, round_trip_ms) as tg_port,
        fake_platform("discord", sizes["discord"], 0, round_trip_ms) as dc_port,
    ):
        tg, tg_section = _adapter("telegram", tg_port)
        dc, dc_section = _adapter("discord", dc_port)
        with scratch_dir() as folder:
            config = bench_config(sqlite_url(folder), telegram=tg_section, discord=dc_section)
            async with running(config, tg, dc) as app:
                ports = {"telegram": (tg_port, sizes["telegram"])}
                ports["discord"] = (dc_port, sizes["discord"])
                return await _announce(app, ports)


async def _announce(app: Any, fakes: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """Post to every chat of every fake; each platform's seconds to its last delivery."""
    outbox = app.services.outbox
    async with app.storage.unit() as uow:
        chats = [chat for kind, (_, size) in fakes.items() for chat in _chats(kind, size)]
        await outbox.post(uow, "bench:fanout", chats, ANNOUNCEMENT)
    begun = time.monotonic()  # one monotonic clock for both processes
    outbox.wake()
    deadline = begun + 3 * max(size for _, size in fakes.values()) / 25 + 30
    stats = {kind: await _stats(kind, port) for kind, (port, _) in fakes.items()}
    while time.monotonic() < deadline and any(
        stats[kind]["chats"] < size for kind, (_, size) in fakes.items()
    ):
        await asyncio.sleep(0.25)
        stats = {kind: await _stats(kind, port) for kind, (port, _) in fakes.items()}
    walls: dict[str, Any] = {kind: stats[kind].pop("last_at") - begun for kind in fakes}
    walls["stats"] = stats
    return walls


def _met(runs: list[dict[str, Any]], size: int, goal: float) -> bool:
    return all(
        at_most(r["wall_s"], goal) and r["refused"] == 0 and r["chats"] == size for r in runs
    )


async def run(small: bool = False) -> list[Figure]:
    tg_size, dc_size, injected_size = (40, 60, 10) if small else (300, 300, 200)
    samples = 1 if small else SAMPLES
    figures: list[Figure] = []
    for round_trip in ROUND_TRIPS_MS:
        tg = [await fan_out("telegram", tg_size, 0, round_trip) for _ in range(samples)]
        tg_goal = 1.05 * bound(tg_size, 30) + 1
        figures.append(
            Figure(
                f"fanout.telegram_{round_trip}ms",
                f"Telegram: one post to {tg_size} groups through the outbox, {round_trip} ms"
                " round trip, seconds to the last arrival (limit 30/s, 1/s per chat)",
                Stat.of([r["wall_s"] for r in tg]),
                "s",
                f"<= 1.05 x floor((N-1)/30) s + 1 s = {tg_goal:.1f} s in every run, zero 429s",
                _met(tg, tg_size, tg_goal),
                details={"runs": tg},
            )
        )
        dc = [await fan_out("discord", dc_size, 0, round_trip) for _ in range(samples)]
        dc_goal = 1.05 * bound(dc_size, 50) + 1
        figures.append(
            Figure(
                f"fanout.discord_{round_trip}ms",
                f"Discord: one post to {dc_size} channels through the outbox, {round_trip} ms"
                " round trip, seconds to the last arrival (limit 50/s)",
                Stat.of([r["wall_s"] for r in dc]),
                "s",
                f"<= 1.05 x floor((N-1)/50) s + 1 s = {dc_goal:.1f} s in every run, zero 429s",
                _met(dc, dc_size, dc_goal),
                details={"runs": dc},
            )
        )
    both_sizes = {"telegram": 150, "discord": 100} if not small else {"telegram": 20, "discord": 20}
    both = [await fan_out_both(both_sizes, 100) for _ in range(samples)]
    dc_alone = 1.05 * bound(both_sizes["discord"], 50) + 1
    figures.append(
        Figure(
            "fanout.discord_beside_telegram",
            f"Discord's {both_sizes['discord']} channels while the same post goes to"
            f" {both_sizes['telegram']} Telegram groups, 100 ms round trip, seconds to"
            " Discord's last arrival",
            Stat.of([r["discord"] for r in both]),
            "s",
            f"<= Discord's own bound, {dc_alone:.1f} s (Telegram takes about"
            f" {bound(both_sizes['telegram'], 30):.0f} s)",
            all(r["discord"] <= dc_alone for r in both),
            details={"runs": both},
        )
    )
    injected = await fan_out("telegram", injected_size, inject_every=25)
    exactly_once = injected["chats"] == injected_size and injected["twice"] == 0
    figures.append(
        Figure(
            "fanout.telegram_429",
            f"Telegram fan-out to {injected_size} groups, every 25th send refused with a 429",
            Stat.of([float(injected["chats"])]),
            "chats",
            f"all {injected_size} exactly once",
            exactly_once,
            details=injected,
        )
    )
    return figures
