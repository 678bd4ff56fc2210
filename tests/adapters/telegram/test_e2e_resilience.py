"""Rate limits, Telegram errors and bad updates, end to end through the real PTB."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from telegram import Update

from bot.model import ChatKind, ChatRef, OutgoingMessage
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app


async def test_a_429_is_waited_out_and_the_message_delivered_exactly_once(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url) as run:
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        server.rate_limit("sendMessage", times=1, retry_after=7)
        await server.push_message(chat, ann, "/whoami")
        reply = await server.next_message(chat)
        assert "on Telegram" in reply.text
        assert 7 in run.time.slept
    attempts = server.calls("sendMessage")
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[0]["text"] == attempts[1]["text"]
    assert server.sent_texts(chat.id) == [reply.text]


async def test_a_fan_out_keeps_to_the_group_and_overall_limits(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url) as run:
        groups = [server.group(f"Branch {n}") for n in range(3)]
        started = run.time()
        for round_ in range(25):
            for group in groups:
                target = ChatRef("telegram", str(group.id), ChatKind.GROUP)
                await run.adapter.send(target, OutgoingMessage.text(f"Notice {round_}"))
        elapsed = run.time() - started
    for group in groups:
        assert server.sent_texts(group.id) == [f"Notice {n}" for n in range(25)]
    assert elapsed >= 60  # 25 messages to one group: the 21st waits for the minute to pass


async def test_a_permanent_telegram_error_is_reported_and_the_bot_carries_on(
    server: FakeTelegram, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with telegram_app(server, sqlite_url):
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        server.fail("sendMessage", times=2, code=403, description="Forbidden: bot was blocked")
        with caplog.at_level(logging.ERROR):
            await server.push_message(chat, ann, "/whoami")
            await server.wait_calls("sendMessage", count=2)  # the reply, then the apology
        await server.push_message(chat, ann, "/whoami")
        assert "on Telegram" in (await server.next_message(chat)).text
    assert "bot was blocked" in caplog.text


async def test_an_update_that_cannot_be_read_does_not_stop_the_bot(
    server: FakeTelegram, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with telegram_app(server, sqlite_url):
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        bad = await server.push_update({"callback_query": {"id": "x", "from": ann.payload()}})
        await server.push_message(chat, ann, "/whoami")
        assert "on Telegram" in (await server.next_message(chat)).text
    assert f"skipping Telegram update {bad}: it cannot be read" in caplog.text


async def test_each_update_is_parsed_once(
    server: FakeTelegram, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[object] = []
    parse = Update.de_json

    def counting(data: dict[str, Any], bot: Any = None) -> Update:
        parsed.append(data.get("update_id"))
        return parse(data, bot)

    monkeypatch.setattr(Update, "de_json", counting)
    async with telegram_app(server, sqlite_url):
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        first = await server.push_message(chat, ann, "/whoami")
        await server.next_message(chat)
        second = await server.push_message(chat, ann, "/whoami")
        await server.next_message(chat)
    assert parsed == [first, second]
