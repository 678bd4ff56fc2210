"""/calendar on Discord (the real discord.py against the fake Discord): the file and the
address to subscribe to, or, with no web server, that there is none."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from adapters.discord import DiscordAdapter
from bot.app import App
from tests.commands.feed_support import PUBLIC_URL, free_port, store_event
from tests.fakes.discord_api import FakeDiscord
from tests.support import FrozenClock, make_config, running_app


@asynccontextmanager
async def discord_app(
    server: FakeDiscord, sqlite_url: str, clock: FrozenClock, **web: Any
) -> AsyncIterator[App]:
    config = make_config(sqlite_url, discord=server.discord_config(), web=web)
    adapter = DiscordAdapter(config.discord, guild_ready_timeout=0.05)
    async with running_app(config, adapter, clock=clock) as app:
        yield app


async def calendar_reply(server: FakeDiscord) -> tuple[str, list[tuple[str, bytes]]]:
    """What /calendar answered: the text of its replies and the files attached."""
    interaction = await server.slash(server.member("Ann"), "calendar")
    await server.wait_reply(interaction)
    await server.wait_until(lambda: any(call.files for call in server.log))
    text = "\n".join(reply.content for reply in interaction.replies)
    files = [file for call in server.log for file in call.files]
    return text, files


async def test_calendar_gives_the_subscribe_address_with_the_file(
    discord_server: FakeDiscord, sqlite_url: str, clock: FrozenClock
) -> None:
    web = {"enabled": True, "public_url": PUBLIC_URL, "port": free_port()}
    async with discord_app(discord_server, sqlite_url, clock, **web) as app:
        await store_event(app, "Housing", clock.now + timedelta(days=3))
        text, files = await calendar_reply(discord_server)
    assert "`webcal://bot.example-clp.org.uk/calendar.ics`" in text
    assert "https://bot.example-clp.org.uk/calendar.ics" in text
    assert [name for name, _ in files] == ["events.ics"]
    assert b"SUMMARY:Housing" in files[0][1]


async def test_without_a_web_server_it_says_there_is_no_address(
    discord_server: FakeDiscord, sqlite_url: str, clock: FrozenClock
) -> None:
    async with discord_app(discord_server, sqlite_url, clock) as app:
        await store_event(app, "Housing", clock.now + timedelta(days=3))
        text, files = await calendar_reply(discord_server)
    assert "This bot has no public web address" in text
    assert "webcal://" not in text
    assert [name for name, _ in files] == ["events.ics"]
