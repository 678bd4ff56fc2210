"""The webhook route on its own: where Telegram is told to post, and who is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from adapters.telegram.webhook import SECRET_HEADER, WebhookRoute
from bot.config import TelegramConfig, WebConfig
from bot.web import WebRequest

if TYPE_CHECKING:
    from bot.context import Services

WEB = WebConfig(enabled=True, public_url="https://bot.example.org")
NO_SERVICES = cast("Services", None)  # the route reads nothing from them


def test_telegram_posts_to_the_public_url_and_path_unless_told_otherwise() -> None:
    derived = WebhookRoute(TelegramConfig(webhook_path="/telegram/hook"), WEB)
    assert derived.url == "https://bot.example.org/telegram/hook"
    given = TelegramConfig(webhook_path="/hook", webhook_url="https://proxy.example.org/tg")
    assert WebhookRoute(given, WEB).url == "https://proxy.example.org/tg"
    route = derived.route()
    assert (route.path, route.methods, route.max_body) == ("/telegram/hook", ("POST",), 1 << 20)


async def test_without_a_secret_configured_every_request_is_refused() -> None:
    route = WebhookRoute(TelegramConfig(webhook_secret=""), WEB)
    for headers in ({}, {SECRET_HEADER: ""}):
        request = WebRequest("POST", "/telegram", headers, body=b'{"update_id": 1}')
        assert (await route.serve(NO_SERVICES, request)).status == 403


async def test_the_right_secret_before_the_bot_has_started_is_asked_again_later() -> None:
    route = WebhookRoute(TelegramConfig(webhook_secret="s"), WEB)
    request = WebRequest("POST", "/telegram", {SECRET_HEADER: "s"}, body=b"{}")
    assert (await route.serve(NO_SERVICES, request)).status == 503
