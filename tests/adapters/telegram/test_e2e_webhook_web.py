"""Webhook mode with `[web]` on: the real python-telegram-bot takes its updates from the bot's
one web server (Starlette), which serves /healthz and the calendar feed on the same port."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from adapters.telegram import TelegramAdapter
from adapters.telegram.ratelimit import FloodLimiter
from bot.app import App
from bot.stores.ideas import IDEAS
from tests.commands.feed_support import free_port
from tests.fakes.telegram_api import SECRET_HEADER, FakeTelegram
from tests.fakes.telegram_payloads import command_entities, message_payload
from tests.fakes.virtual_time import VirtualTime
from tests.support import make_config, running_app

SECRET = "s3cret-token"


@asynccontextmanager
async def webhook_on_web(server: FakeTelegram, sqlite_url: str) -> AsyncIterator[App]:
    port = free_port()
    config = make_config(
        sqlite_url,
        telegram=server.telegram_config(
            mode="webhook", webhook_secret=SECRET, webhook_path="/telegram/hook"
        ),
        web={"enabled": True, "public_url": f"http://127.0.0.1:{port}", "port": port},
    )
    time = VirtualTime()
    adapter = TelegramAdapter(
        config.telegram,
        limiter=FloodLimiter(clock=time, sleep=time.sleep),
        poll_timeout=1.0,
        clock=time,
        web=config.web,
    )
    async with running_app(config, adapter) as app:
        yield app


def whoami(server: FakeTelegram, update_id: int) -> dict[str, object]:
    ann = server.user("Ann", id=4242)
    chat = server.private_chat(ann)
    text = "/whoami"
    message = message_payload(update_id, chat, ann, text=text, entities=command_entities(text))
    return {"update_id": update_id, "message": message}


async def test_updates_posted_to_the_web_server_are_handled_and_answered(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with webhook_on_web(server, sqlite_url) as app:
        port = app.config.web.port
        assert server.webhook == (f"http://127.0.0.1:{port}/telegram/hook", SECRET)
        assert server.calls("setWebhook")[0]["secret_token"] == SECRET
        ann = server.user("Ann", id=4242)
        chat = server.private_chat(ann)
        await server.push_message(chat, ann, "/whoami")  # POSTed with the secret the bot set
        assert "on Telegram" in (await server.next_message(chat)).text
    assert server.webhook_deliveries == [200]
    assert server.calls("getUpdates") == []


async def test_a_wrong_or_missing_secret_is_403_and_never_handled(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with webhook_on_web(server, sqlite_url):
        assert await server.post_to_webhook(whoami(server, 500), "wrong") == 403
        assert await server.post_to_webhook(whoami(server, 501), "") == 403
        assert await server.post_to_webhook(whoami(server, 502)) == 200
        chat = server.private_chat(server.user("Ann", id=4242))
        assert "on Telegram" in (await server.next_message(chat)).text
    assert len(server.sent(chat.id)) == 1  # only the update with the secret was handled


async def test_a_redelivered_update_is_handled_once(server: FakeTelegram, sqlite_url: str) -> None:
    async with webhook_on_web(server, sqlite_url) as app:
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        text = "/idea Free buses for under-25s"
        idea = message_payload(900, chat, ann, text=text, entities=command_entities(text))
        for _ in range(3):
            assert await server.post_to_webhook({"update_id": 77, "message": idea}) == 200
        assert "idea #1 is recorded" in (await server.next_message(chat)).text
        await server.push_message(chat, ann, "/whoami")  # a new update is handled as ever
        assert "on Telegram" in (await server.next_message(chat)).text
        async with app.storage.unit() as uow:
            ideas = await uow.get(IDEAS).open_ideas()
    assert [i.text for i in ideas] == ["Free buses for under-25s"]
    assert len(server.sent(chat.id)) == 2


async def test_health_and_the_calendar_feed_share_the_webhooks_port(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with webhook_on_web(server, sqlite_url) as app:
        base = f"http://127.0.0.1:{app.config.web.port}"
        async with httpx.AsyncClient(trust_env=False) as http:
            health = await http.get(f"{base}/healthz")
            calendar = await http.get(base + app.config.web.calendar_path)
            assert await server.post_to_webhook(whoami(server, 600)) == 200
            wrong_method = await http.get(f"{base}/telegram/hook")
    assert (health.status_code, health.text) == (200, "ok")
    assert calendar.status_code == 200
    assert calendar.text.startswith("BEGIN:VCALENDAR")
    assert wrong_method.status_code == 405


async def test_an_oversize_or_unreadable_body_is_refused_and_not_handled(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with webhook_on_web(server, sqlite_url) as app:
        url = f"http://127.0.0.1:{app.config.web.port}/telegram/hook"
        update = whoami(server, 700)
        update["padding"] = "x" * (1024 * 1024)
        headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
        async with httpx.AsyncClient(trust_env=False) as http:
            declared = await http.post(url, content=json.dumps(update), headers=headers)

            async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: read to the limit
                for _ in range(20):
                    yield b" " * 65536

            streamed = await http.post(url, content=chunks(), headers=headers)
            garbled = await http.post(url, content=b"{not json", headers=headers)
        assert await server.post_to_webhook(whoami(server, 701)) == 200
        chat = server.private_chat(server.user("Ann", id=4242))
        await server.next_message(chat)
    assert (declared.status_code, streamed.status_code, garbled.status_code) == (413, 413, 400)
    assert len(server.sent(chat.id)) == 1  # only update 701
