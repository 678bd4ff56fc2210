"""The command tree is filled before the gateway connects: a slash command used the moment
the bot is back is never "changed since Discord last loaded it"."""

from __future__ import annotations

from typing import Any

from adapters.discord import DiscordAdapter
from tests.fakes.discord_api import FakeDiscord
from tests.support import make_config, running_app


async def test_commands_are_in_the_tree_when_the_gateway_connects(
    discord_server: FakeDiscord, sqlite_url: str
) -> None:
    config = make_config(sqlite_url, discord=discord_server.discord_config())
    adapter = DiscordAdapter(config.discord, guild_ready_timeout=0.05)
    known_at_connect: list[set[str]] = []
    connect = adapter.client.connect

    async def connecting(*args: Any, **kwargs: Any) -> None:
        known_at_connect.append({c.name for c in adapter.client.tree.get_commands()})
        await connect(*args, **kwargs)

    adapter.client.connect = connecting  # type: ignore[method-assign]
    async with running_app(config, adapter):
        ann = discord_server.member("Ann")
        reply = await discord_server.wait_reply(await discord_server.slash(ann, "help"))
    assert {"help", "submit", "events"} <= known_at_connect[0]
    assert "changed since" not in reply.content
