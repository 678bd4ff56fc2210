"""The real discord.py against the fake Discord, for the end-to-end Discord tests here."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.discord import DiscordAdapter
from bot.app import App
from tests.fakes.discord_api import FakeDiscord
from tests.support import FrozenClock, make_config, running_app


@pytest.fixture
async def discord_server() -> AsyncIterator[FakeDiscord]:
    server = await FakeDiscord().start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def discord_app(
    discord_server: FakeDiscord, sqlite_url: str, clock: FrozenClock
) -> AsyncIterator[App]:
    config = make_config(sqlite_url, discord=discord_server.discord_config())
    adapter = DiscordAdapter(config.discord, guild_ready_timeout=0.05)
    async with running_app(config, adapter, clock=clock) as running:
        yield running
