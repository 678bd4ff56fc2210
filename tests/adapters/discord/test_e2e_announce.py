"""/announce over Discord end to end: `/announce new` (a group cannot be run bare there)
starts the conversation; with many announce channels the chooser shows them by their
Discord names, a page at a time, never past Discord's limits for one message."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.discord import DiscordAdapter
from bot.app import App
from tests.adapters.discord.test_e2e_polls import pressed, typed
from tests.fakes.discord_api import FakeDiscord, FakeUser
from tests.fakes.discord_payloads import Reply
from tests.support import FrozenClock, make_config, running_app

CHANNELS = [5_000 + n for n in range(30)]


@pytest.fixture
async def many_channels(
    discord_server: FakeDiscord, sqlite_url: str, clock: FrozenClock
) -> AsyncIterator[App]:
    for n, channel in enumerate(CHANNELS, 1):
        discord_server.add_channel(channel, f"branch-{n}")
    section = discord_server.discord_config(
        announce_channels=[discord_server.channel_id, *CHANNELS]
    )
    config = make_config(sqlite_url, discord=section)
    adapter = DiscordAdapter(config.discord, guild_ready_timeout=0.05)
    async with running_app(config, adapter, clock=clock) as app:
        await app.names_known()
        yield app


def within_discord_limits(reply: Reply) -> None:
    rows = reply.data.get("components") or []
    assert len(rows) <= 5
    for row in rows:
        inner = row.get("components") or []
        assert len(inner) <= 5
        for item in inner:
            assert len(item.get("options", [])) <= 25


async def chosen(server: FakeDiscord, user: FakeUser, prompt: Reply, label: str) -> Reply:
    """Pick `label`: a button, or an option of the menu (more than ten choices come as a
    select menu)."""
    if label in prompt.labels:
        return await pressed(server, user, prompt, label)
    [menu] = [c for c in prompt.components if c.get("type") == 3]
    value = dict(prompt.options())[label]
    return await server.wait_reply(await server.click(user, str(menu["custom_id"]), values=[value]))


async def test_announce_new_is_a_subcommand_and_the_chooser_pages_channels_by_name(
    discord_server: FakeDiscord, many_channels: App
) -> None:
    server = discord_server
    olive = server.member("Olive", roles=("Officer",))
    [announce] = [c for c in server.commands[str(server.guild_id)] if c["name"] == "announce"]
    assert {o["name"] for o in announce["options"]} == {"new", "cancel"}

    step = await server.wait_reply(await server.slash(olive, "announce", subcommand="new"))
    assert "What should the announcement say?" in step.content
    assert step.ephemeral
    step = await typed(server, olive, step, "Branch meeting on Thursday.")
    assert "Where should it go?" in step.content
    assert "Page 1 of 4." in step.content
    labels = [label for label, _ in step.options()]
    assert labels[:3] == ["Everywhere", "#general (Discord)", "#branch-1 (Discord)"]
    assert not any(str(CHANNELS[0]) in label for label in labels)  # names, not ids
    within_discord_limits(step)
    pages = 1
    while "Next »" in dict(step.options()):
        step = await chosen(server, olive, step, "Next »")
        within_discord_limits(step)
        pages += 1
    assert pages == 4
    assert step.labels == ["Everywhere", "#branch-30 (Discord)", "« Previous"]
    step = await chosen(server, olive, step, "#branch-30 (Discord)")
    step = await chosen(server, olive, step, "Done (1 chosen)")
    step = await pressed(server, olive, step, "Now")
    assert "**Goes to: **\\#branch-30 (Discord)" in step.content  # markdown, escaped
    step = await pressed(server, olive, step, "Confirm")
    assert "Posting announcement #1 now" in step.content
    await many_channels.services.outbox.deliver_pending()
    posted = server.channel_messages(CHANNELS[-1])
    assert [m["content"] for m in posted] == ["Branch meeting on Thursday."]
    assert server.channel_messages() == []  # not to #general: only the chosen channel
