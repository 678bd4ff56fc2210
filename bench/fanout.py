"""Fan-out of one announcement through the outbox to many chats, against fakes (in their
own process) that enforce the platforms' flood limits and answer 429 above them.

Telegram: 30 messages/s overall, 1/s per chat, 20/minute per group; goal
1.05 x (N-30)/30 s + 1 s (the first 30 may go at once), no 429 and bot CPU under 2% of the
wall time. With 429s injected, every chat still gets it exactly once. Discord: 50/s,
goal 1.05 x N/50 s and no 429.
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


def fake_platform(kind: str, size: int, inject_every: int = 0) -> AbstractAsyncContextManager[int]:
    return server_process("bench.fanout_server", kind, str(size), str(inject_every))


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


async def fan_out(kind: str, size: int, inject_every: int = 0) -> dict[str, Any]:
    """One announcement to `size` chats; wall and CPU seconds, and the fake's counts."""
    async with fake_platform(kind, size, inject_every) as port:
        adapter, section = _adapter(kind, port)
        with scratch_dir() as folder:
            config = bench_config(sqlite_url(folder), **{kind: section})
            async with running(config, adapter) as app:
                outbox = app.services.outbox
                async with app.storage.unit() as uow:
                    await outbox.post(uow, f"bench:{kind}", _chats(kind, size), ANNOUNCEMENT)
                started, cpu = time.perf_counter(), time.process_time()
                begun = time.monotonic()
                outbox.wake()
                deadline = started + 3 * size / 25 + 30
                stats = await _stats(kind, port)
                while stats["chats"] < size and time.perf_counter() < deadline:
                    await asyncio.sleep(0.5)
                    stats = await _stats(kind, port)
                cpu = time.process_time() - cpu
                # to the fake's last delivery (one monotonic clock for both processes)
                wall = stats.pop("last_at") - begun
    return {"wall_s": wall, "cpu_s": cpu, "cpu_share": cpu / wall, **stats}


async def run(small: bool = False) -> list[Figure]:
    tg_size, dc_size, injected_size = (40, 60, 10) if small else (1000, 1000, 200)
    tg = await fan_out("telegram", tg_size)
    tg_goal = 1.05 * max(0, tg_size - 30) / 30 + 1
    injected = await fan_out("telegram", injected_size, inject_every=25)
    dc = await fan_out("discord", dc_size)
    dc_goal = 1.05 * dc_size / 50
    exactly_once = injected["chats"] == injected_size and injected["twice"] == 0
    return [
        Figure(
            "fanout.telegram",
            f"Telegram fan-out to {tg_size} groups (30/s, 1/s per chat, 20/min per group)",
            Stat.of([tg["wall_s"]]),
            "s",
            f"<= {tg_goal:.1f} s, zero 429s, CPU < 2% of wall",
            at_most(tg["wall_s"], tg_goal)
            and tg["refused"] == 0
            and tg["cpu_share"] < 0.02
            and tg["chats"] == tg_size,
            details=tg,
        ),
        Figure(
            "fanout.telegram_429",
            f"Telegram fan-out to {injected_size} groups, every 25th send refused with a 429",
            Stat.of([float(injected["chats"])]),
            "chats",
            f"all {injected_size} exactly once",
            exactly_once,
            details=injected,
        ),
        Figure(
            "fanout.discord",
            f"Discord fan-out to {dc_size} channels (50/s)",
            Stat.of([dc["wall_s"]]),
            "s",
            f"<= {dc_goal:.1f} s, zero 429s",
            at_most(dc["wall_s"], dc_goal) and dc["refused"] == 0 and dc["chats"] == dc_size,
            details=dc,
        ),
    ]
