"""Officer powers on Discord come only from roles in the CLP's own servers, named exactly
as configured: through the real discord.py against the fake Discord."""

from __future__ import annotations

from adapters.discord import DiscordAdapter
from tests.adapters.discord.conftest import DiscordRig
from tests.fakes.discord_api import FakeDiscord
from tests.support import FrozenClock, make_config, running_app

ELSEWHERE = 4242
"""A server someone invited the bot to: not one of the CLP's `guild_ids`."""


async def test_a_role_named_officer_in_another_server_gives_no_power(rig: DiscordRig) -> None:
    server = rig.server
    mallory = server.member("Mallory", roles=("Officer",))  # "Officer" in their own server
    refused = await server.wait_reply(await server.slash(mallory, "purge", guild_id=ELSEWHERE))
    assert "/purge is for officers only" in refused.content
    assert refused.ephemeral
    whoami = await server.wait_reply(await server.slash(mallory, "whoami", guild_id=ELSEWHERE))
    assert "Your role here: member." in whoami.content


async def test_an_officer_of_the_clp_is_a_member_in_another_server(rig: DiscordRig) -> None:
    server = rig.server
    olive = server.member("Olive", roles=("Officer",))
    at_home = await server.wait_reply(await server.slash(olive, "purge"))
    assert at_home.content == "Purged."
    away = await server.wait_reply(await server.slash(olive, "purge", guild_id=ELSEWHERE))
    assert "/purge is for officers only" in away.content
    assert server.calls("POST", "/channels/{id}/messages") == []  # nothing posted anywhere


async def test_role_names_are_compared_exactly(rig: DiscordRig) -> None:
    server = rig.server
    lower = server.member("Lee", roles=("officer",))  # in the CLP's server, other case
    refused = await server.wait_reply(await server.slash(lower, "purge"))
    assert "/purge is for officers only" in refused.content
    by_dm = await server.wait_reply(await server.slash(lower, "whoami", dm=True))
    assert "Your role here: member." in by_dm.content


async def test_global_commands_keep_officer_powers_in_the_clps_servers(
    discord_server: FakeDiscord, sqlite_url: str, clock: FrozenClock
) -> None:
    config = make_config(sqlite_url, discord=discord_server.discord_config(global_commands=True))
    adapter = DiscordAdapter(config.discord, guild_ready_timeout=0.05)
    async with running_app(config, adapter, clock=clock):
        assert "global" in discord_server.commands
        assert str(discord_server.guild_id) not in discord_server.commands
        olive = discord_server.member("Olive", roles=("Officer",))
        home = await discord_server.wait_reply(
            await discord_server.slash(olive, "whoami", guild_id=discord_server.guild_id)
        )
        assert "Your role here: officer." in home.content
        away = await discord_server.wait_reply(
            await discord_server.slash(olive, "whoami", guild_id=ELSEWHERE)
        )
        assert "Your role here: member." in away.content
