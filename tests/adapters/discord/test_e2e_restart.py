"""Discord buttons and modals outlive the process: "Write your answer" opens its modal, and
a modal opened before a restart is accepted after it."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from adapters.discord import DiscordAdapter
from bot.app import App
from tests.fakes.discord_api import FakeDiscord
from tests.support import FrozenClock, make_config, running_app


def discord_app(
    server: FakeDiscord, sqlite_url: str, clock: FrozenClock
) -> AbstractAsyncContextManager[App]:
    config = make_config(sqlite_url, discord=server.discord_config())
    adapter = DiscordAdapter(config.discord, guild_ready_timeout=0.05)
    return running_app(config, adapter, clock=clock)


async def test_a_form_button_and_an_open_modal_work_after_a_restart(
    discord_server: FakeDiscord, sqlite_url: str, clock: FrozenClock
) -> None:
    server = discord_server
    ann = server.member("Ann")
    async with discord_app(server, sqlite_url, clock):
        conduct = await server.wait_reply(await server.slash(ann, "submit"))
        agreed = await server.click(ann, conduct.button("I agree to follow it"))
        kind = await server.wait_reply(agreed, 1)
        commission = await server.wait_reply(
            await server.click(ann, kind.button("NPF consultation submission"))
        )
        title = await server.wait_reply(await server.click(ann, commission.button("Safer streets")))
        modal = await server.wait_reply(await server.click(ann, title.button("Write your answer")))
        assert modal.is_modal
    async with discord_app(server, sqlite_url, clock):
        again = await server.wait_reply(await server.click(ann, title.button("Write your answer")))
        assert again.is_modal
        assert again.components == modal.components
        (box,) = modal.components
        problem = await server.wait_reply(
            await server.submit_modal(ann, modal.data["custom_id"], {box["custom_id"]: "Buses"})
        )
        assert "the problem" in problem.content
        forged = await server.wait_reply(await server.click(ann, "c" + "submit:new"))
        assert "expired" in forged.content
