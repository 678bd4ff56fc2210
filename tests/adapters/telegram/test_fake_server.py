"""The fake Bot API server speaks well enough for the real PTB: polls, admins, errors,
and poll answers reaching the core as neutral events."""

from __future__ import annotations

import pytest
from telegram import Bot, ChatMemberOwner
from telegram.error import BadRequest, InvalidToken
from telegram.request import HTTPXRequest

from bot.adapter import Adapter
from bot.buttons import Buttons
from bot.model import Choice, IncomingEvent, PollAnswerEvent
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_adapter


def real_bot(server: FakeTelegram, token: str | None = None) -> Bot:
    request = HTTPXRequest(httpx_kwargs={"trust_env": False})
    return Bot(token or server.token, base_url=server.base_url, request=request)


async def test_native_polls_are_sent_and_stopped(server: FakeTelegram) -> None:
    group = server.group("Members")
    async with real_bot(server) as bot:
        message = await bot.send_poll(group.id, "Which first?", ["Buses", "Housing"])
        assert message.poll is not None
        assert [o.text for o in message.poll.options] == ["Buses", "Housing"]
        stopped = await bot.stop_poll(group.id, message.message_id)
    assert stopped.is_closed
    [posted] = server.sent(group.id)
    assert posted.text == "Which first?"
    assert posted.poll is not None
    assert posted.poll["is_closed"] is True
    assert server.calls("stopPoll")[0]["message_id"] == message.message_id


async def test_administrators_and_refusals(server: FakeTelegram) -> None:
    officers = server.group("Officers")
    olive = server.user("Olive")
    server.set_admins(officers, olive)
    async with real_bot(server) as bot:
        [owner] = await bot.get_chat_administrators(officers.id)
        assert isinstance(owner, ChatMemberOwner)
        assert owner.user.id == olive.id
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.get_chat_administrators(-42)
    with pytest.raises(InvalidToken):
        async with real_bot(server, token="1:WRONG") as wrong:
            await wrong.get_me()


class Recorder:
    def __init__(self, buttons: Buttons) -> None:
        self.events: list[IncomingEvent] = []
        self.buttons = buttons

    async def feed(self, event: IncomingEvent, adapter: Adapter) -> None:
        self.events.append(event)

    async def suggest(
        self, event: IncomingEvent, adapter: Adapter, lookup: str, current: str
    ) -> list[Choice]:
        return []

    async def settled(self, adapter: Adapter) -> None:
        return None


async def test_a_poll_answer_reaches_the_core(server: FakeTelegram, buttons: Buttons) -> None:
    adapter = telegram_adapter(server)
    sink = Recorder(buttons)
    await adapter.start(sink)
    try:
        ann = server.user("Ann")
        await server.push_poll_answer("poll7", ann, [1])
        await server.push_message(server.private_chat(ann), ann, "after")
        await server.wait_for(lambda: len(sink.events) == 2)
    finally:
        await adapter.stop()
    answer = sink.events[0]
    assert isinstance(answer, PollAnswerEvent)
    assert (answer.poll_id, answer.option_ids, answer.sender.user_id) == (
        "poll7",
        (1,),
        str(ann.id),
    )
