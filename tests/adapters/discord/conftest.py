"""A running app with the real discord.py client connected to a fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from adapters.discord import DiscordAdapter
from adapters.discord.ratelimit import GlobalLimiter
from bot.app import App
from tests.adapters.discord.routers import feature_router
from tests.fakes.discord_api import FakeDiscord
from tests.support import FrozenClock, make_config, running_app


@dataclass
class DiscordRig:
    server: FakeDiscord
    adapter: DiscordAdapter
    app: App
    slow_gate: asyncio.Event


@pytest.fixture
async def discord_server() -> AsyncIterator[FakeDiscord]:
    server = await FakeDiscord().start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def defer_after() -> float:
    """Seconds before an unanswered interaction is deferred; tests override it."""
    return 2.0


@pytest.fixture
def discord_limiter() -> GlobalLimiter | None:
    """The adapter's global rate limiter (None: the default, 50/s); tests override it."""
    return None


@pytest.fixture
async def rig(
    discord_server: FakeDiscord,
    sqlite_url: str,
    clock: FrozenClock,
    defer_after: float,
    discord_limiter: GlobalLimiter | None,
) -> AsyncIterator[DiscordRig]:
    """The whole app (core features plus the test features in `routers.py`) on Discord."""
    config = make_config(sqlite_url, discord=discord_server.discord_config())
    adapter = DiscordAdapter(
        config.discord,
        guild_ready_timeout=0.05,
        defer_after=defer_after,
        limiter=discord_limiter,
    )
    gate = asyncio.Event()
    async with running_app(config, adapter, clock=clock, router=feature_router(gate)) as app:
        yield DiscordRig(discord_server, adapter, app, gate)
