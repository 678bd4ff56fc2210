"""The global limiter through the real discord.py, against a fake that enforces a global
limit: a fan-out draws no 429, and a slash command is answered while the fan-out waits.

The limiter here allows 20 requests in any 2 s (start-up requests included) and the fake
20 in any 1 s, so the fan-out's second window is certainly still closed when the command
is answered (the exact window is tested on virtual time).
"""

from __future__ import annotations

import asyncio

import pytest

from adapters.discord.ratelimit import GlobalLimiter
from bot.model import ChatKind, ChatRef, OutgoingMessage
from tests.adapters.discord.conftest import DiscordRig
from tests.fakes.discord_api import Call

FIRST = 50_000
POSTS = 30


@pytest.fixture
def discord_limiter() -> GlobalLimiter:
    return GlobalLimiter(20, 2.0)


async def test_a_fan_out_draws_no_429_and_commands_are_answered_meanwhile(
    rig: DiscordRig,
) -> None:
    server = rig.server
    server.global_limit(20, 1.0)
    chats = [ChatRef("discord", str(FIRST + n), ChatKind.CHANNEL) for n in range(POSTS)]
    for chat in chats:
        server.add_channel(int(chat.chat_id))
    message = OutgoingMessage.text("Policy forum this Thursday, 7pm.")
    fan_out = asyncio.gather(*(rig.adapter.send(chat, message) for chat in chats))

    def posts() -> list[Call]:
        return server.calls("POST", "/channels/{id}/messages", status=200)

    await server.wait_until(lambda: len(posts()) >= 10)

    reply = await server.wait_reply(await server.slash(server.member("Ann"), "help"), within=1.0)
    assert "Commands you can use" in reply.content
    assert len(posts()) <= 20  # the fan-out is still waiting for its next window
    assert not fan_out.done()

    await asyncio.wait_for(fan_out, 10)
    assert sorted(int(call.path.split("/")[2]) for call in posts()) == list(
        range(FIRST, FIRST + POSTS)
    )
    assert [call for call in server.log if call.status == 429] == []
