"""Webhook mode with `[web]` off: PTB's own web server behind the secret token, updates POSTed
by the fake (with `[web]` on: test_e2e_webhook_web.py)."""

from __future__ import annotations

import socket

from bot.stores.ideas import IDEAS
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app
from tests.fakes.telegram_payloads import command_entities, message_payload


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_serves_updates_and_refuses_a_wrong_secret(
    server: FakeTelegram, sqlite_url: str
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    async with telegram_app(
        server, sqlite_url, mode="webhook", webhook_url=url, webhook_secret="s3cret", port=port
    ):
        assert server.webhook == (url, "s3cret")
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        forged = message_payload(
            500, chat, ann, text="/whoami", entities=command_entities("/whoami")
        )
        assert await server.post_to_webhook({"update_id": 500, "message": forged}, "wrong") == 403
        assert await server.post_to_webhook({"update_id": 501, "message": forged}, "") == 403
        elsewhere = f"http://127.0.0.1:{port}/"  # a proxy that strips the public path
        update = {"update_id": 502, "message": forged}
        assert await server.post_to_webhook(update, "wrong", url=elsewhere) == 403
        await server.push_message(chat, ann, "/whoami")  # with the secret the bot set
        assert "on Telegram" in (await server.next_message(chat)).text
        assert (
            await server.post_to_webhook({"update_id": 503, "message": forged}, url=elsewhere)
            == 200
        )
        assert "on Telegram" in (await server.next_message(chat)).text
    assert server.webhook_deliveries == [200]
    assert len(server.sent(chat.id)) == 2  # the refused updates were never handled
    assert server.calls("getUpdates") == []
    assert server.calls("setWebhook")[0]["secret_token"] == "s3cret"


async def test_a_redelivered_update_is_handled_once(server: FakeTelegram, sqlite_url: str) -> None:
    """Telegram redelivers an update it believes failed: the same update_id three times."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    async with telegram_app(
        server, sqlite_url, mode="webhook", webhook_url=url, webhook_secret="s", port=port
    ) as run:
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        text = "/idea Free buses for under-25s"
        idea = message_payload(900, chat, ann, text=text, entities=command_entities(text))
        for _ in range(3):
            assert await server.post_to_webhook({"update_id": 77, "message": idea}) == 200
        assert "idea #1 is recorded" in (await server.next_message(chat)).text
        await server.push_message(chat, ann, "/whoami")  # a new update is handled as ever
        assert "on Telegram" in (await server.next_message(chat)).text
        async with run.app.storage.unit() as uow:
            ideas = await uow.get(IDEAS).open_ideas()
    assert [i.text for i in ideas] == ["Free buses for under-25s"]
    assert len(server.sent(chat.id)) == 2
