"""Telegram's webhook as a route on the bot's one web server (`[web]` on).

As python-telegram-bot's "custom webhook" example does: the Application runs without its
Updater's server, and each update Telegram POSTs is parsed and put on the Application's
`update_queue`, then answered 200 at once (the handling happens after the answer, so a slow
handler never makes Telegram believe the delivery failed). Telegram's repeats of an update
are skipped by the core (`bot.deliveries`: the `update_id` is the delivery id), as with
PTB's own server.

The secret token, not the path, tells Telegram's requests from anyone else's: without the
`X-Telegram-Bot-Api-Secret-Token` header equal to `[telegram] webhook_secret` (compared in
constant time) a request is 403 and nothing of it is read. An update is a small JSON
document: a body over 1 MB is 413 before it is read whole (the proxies refuse it too).
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import TYPE_CHECKING

from adapters.telegram.client import ALLOWED_UPDATES, TelegramApp, TolerantBot
from bot.config import TelegramConfig, WebConfig
from bot.web import WebRequest, WebResponse, WebRoute

if TYPE_CHECKING:
    from bot.context import Services

log = logging.getLogger("clpbot.telegram")

SECRET_HEADER = "x-telegram-bot-api-secret-token"
MAX_UPDATE_BYTES = 1024 * 1024


class WebhookRoute:
    """The webhook's route; it answers 503 (Telegram tries again later, or the other worker
    behind the proxy takes it) until `app` is set once the Application has started."""

    def __init__(self, config: TelegramConfig, web: WebConfig) -> None:
        self.path = config.webhook_path
        self.url = config.webhook_url or web.public_url + config.webhook_path
        self._secret = config.webhook_secret
        self.app: TelegramApp | None = None

    def route(self) -> WebRoute:
        return WebRoute(
            self.path, self.serve, "telegram-webhook", methods=("POST",), max_body=MAX_UPDATE_BYTES
        )

    async def set_webhook(self, app: TelegramApp) -> None:
        """Tell Telegram where to post, with the secret it must send back."""
        await app.bot.set_webhook(
            url=self.url,
            secret_token=self._secret,
            allowed_updates=list(ALLOWED_UPDATES),
        )

    async def serve(self, services: Services, request: WebRequest) -> WebResponse:
        if not self._from_telegram(request):
            return WebResponse.text("forbidden", 403)
        app = self.app
        if app is None:
            return WebResponse.text("not started yet: try again", 503)
        try:
            data = json.loads(request.body)
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return WebResponse.text("that is not a Telegram update", 400)
        bot = app.bot
        assert isinstance(bot, TolerantBot)
        update = bot.read_update(data)  # one it cannot read is logged and confirmed empty
        bot.insert_callback_data(update)
        await app.update_queue.put(update)
        return WebResponse.text("ok")

    def _from_telegram(self, request: WebRequest) -> bool:
        given = request.headers.get(SECRET_HEADER, "")
        return bool(self._secret) and hmac.compare_digest(given.encode(), self._secret.encode())
