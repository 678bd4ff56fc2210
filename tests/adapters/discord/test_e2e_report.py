"""A report through the real discord.py against the fake Discord: /report in the CLP's
server is answered ephemerally, the report is posted in the officers' channel only (with
the button that hides the idea), and nothing of it reaches the members' channel."""

from __future__ import annotations

from adapters.discord import DiscordAdapter
from tests.fakes.discord_api import FakeDiscord
from tests.support import FrozenClock, make_config, running_app

OFFICERS_CHANNEL = 3001


async def test_a_report_reaches_the_officers_channel_only(
    discord_server: FakeDiscord, sqlite_url: str, clock: FrozenClock
) -> None:
    server = discord_server
    server.add_channel(OFFICERS_CHANNEL)
    config = make_config(
        sqlite_url, discord=server.discord_config(officers_channel=OFFICERS_CHANNEL)
    )
    adapter = DiscordAdapter(config.discord, guild_ready_timeout=0.05)
    async with running_app(config, adapter, clock=clock):
        bob, ann = server.member("Bob"), server.member("Ann")
        added = await server.wait_reply(
            await server.slash(bob, "idea", {"text": "Councillor Smith is a crook"})
        )
        assert "idea #1 is recorded" in added.content
        thanks = await server.wait_reply(
            await server.slash(
                ann, "report", {"what": "idea 1", "reason": "It attacks @everyone by name"}
            )
        )
        assert thanks.ephemeral
        assert "your report #1 about idea #1 is with the officers" in thanks.content
        await server.wait_until(lambda: bool(server.channel_messages(OFFICERS_CHANNEL)))
        [notice] = server.channel_messages(OFFICERS_CHANNEL)
        assert "Reported by Ann" in notice["content"]
        assert "It attacks" in notice["content"]
        assert notice["allowed_mentions"]["parse"] == []  # a member's text pings nobody
        labels = [b["label"] for row in notice["components"] for b in row["components"]]
        assert labels == ["Hide idea #1"]
        assert not [m for m in server.channel_messages() if "It attacks" in m["content"]]
