"""Buttons through the real Telegram adapter outlive the process that sent them: an open
poll's group buttons work after a restart and on another webhook worker; a closed poll's
buttons say it has closed."""

from __future__ import annotations

from typing import Any

from tests.adapters.telegram.flows import flows_router
from tests.adapters.telegram.polling import expect, post_a_poll
from tests.adapters.telegram.test_e2e_webhook import free_port
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app
from tests.fakes.telegram_payloads import command_entities, message_payload
from tests.support import FrozenClock


async def test_an_open_polls_group_buttons_work_after_a_restart(
    server: FakeTelegram, sqlite_url: str, clock: FrozenClock
) -> None:
    group = server.group("Members")
    olive, ann = server.user("Olive"), server.user("Ann")
    server.private_chat(ann)
    keys: dict[str, Any] = {"officers": (olive.id,), "announce_chats": (group.id,)}
    async with telegram_app(server, sqlite_url, clock=clock, **keys):
        posted = await post_a_poll(server, olive, group)
    async with telegram_app(server, sqlite_url, clock=clock, **keys) as run:
        await server.press_data(posted, posted.callback_data("1. Buses"), user=ann)
        await expect(server, server.private_chat(ann), "recorded: Buses")
        clock.advance(days=4)
        await run.app.services.scheduler.run_due()
        await run.app.services.outbox.deliver_pending()
        await expect(server, group, "results")
    async with telegram_app(server, sqlite_url, clock=clock, **keys):
        await server.press_data(posted, posted.callback_data("3. NHS"), user=ann)
        closed = await expect(server, server.private_chat(ann), "not counted")
    assert "closed" in closed.text


async def test_a_press_on_worker_b_for_a_button_made_on_worker_a(
    server: FakeTelegram, storage_url: str
) -> None:
    """Two webhook workers on one database: /order reaches A, the press reaches B."""
    ann = server.user("Ann")
    chat = server.private_chat(ann)
    ports = free_port(), free_port()
    urls = [f"http://127.0.0.1:{port}/hook" for port in ports]

    def worker(n: int) -> dict[str, Any]:
        return {"mode": "webhook", "webhook_url": urls[n], "port": ports[n], "webhook_secret": "s"}

    router = flows_router
    async with (
        telegram_app(server, storage_url, router=router(), **worker(0)),
        telegram_app(server, storage_url, router=router(), **worker(1)),
    ):
        order = message_payload(
            server.new_message_id(), chat, ann, text="/order", entities=command_entities("/order")
        )
        assert await server.post_to_webhook({"update_id": 1, "message": order}, url=urls[0]) == 200
        question = await server.next_message(chat)
        assert server.webhook == (urls[1], "s")
        await server.press_data(question, question.callback_data("Coffee"), user=ann)  # to B
        assert (await server.next_message(chat)).text == "Whose coffee is it?"
