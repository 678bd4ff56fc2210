"""Building python-telegram-bot's Application and starting it without blocking.

`base_url` may point at any Bot API server (a self-hosted one, or the tests' fake); the
HTTP clients ignore proxy environment variables so loopback calls stay local. Updates are
processed concurrently (one chat's updates are kept in order by the adapter).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ExtBot
from telegram.request import HTTPXRequest

from adapters.telegram.ratelimit import FloodLimiter
from bot.config import TelegramConfig

log = logging.getLogger("clpbot.telegram")

TelegramApp = Application[Any, Any, Any, Any, Any, Any]

ALLOWED_UPDATES = (
    Update.MESSAGE,
    Update.CALLBACK_QUERY,
    Update.POLL,
    Update.POLL_ANSWER,
    Update.MY_CHAT_MEMBER,
)
CONCURRENT_UPDATES = 32
ANY_PATH = ".*"
"""The webhook server answers on any path (PTB puts url_path into a tornado route pattern):
a reverse proxy may forward the public path as it is or strip it. The secret token, not the
path, is what tells Telegram's requests from anyone else's."""


def _request(read_timeout: float) -> HTTPXRequest:
    return HTTPXRequest(
        connection_pool_size=64,
        read_timeout=read_timeout,
        http_version="1.1",
        httpx_kwargs={"trust_env": False},
    )


class TolerantBot(ExtBot[int]):
    """An ExtBot that skips an update it cannot read instead of stalling on it.

    PTB parses a whole getUpdates batch at once; one update it cannot read (a newer Bot API
    field it requires, a malformed object) fails the batch, the offset never moves on, and
    every later update is stuck behind it. Here an unreadable update is logged and passed on
    empty (just its id), so polling confirms it and carries on.
    """

    async def _post(self, endpoint: str, *args: Any, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, *args, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            return [self._readable(raw) for raw in result]
        return result

    def _readable(self, raw: dict[str, Any]) -> dict[str, Any]:
        try:
            Update.de_json(dict(raw), self)
        except Exception:
            log.exception("skipping Telegram update %s: it cannot be read", raw.get("update_id"))
            return {"update_id": raw["update_id"]}
        return raw


def build_application(config: TelegramConfig, limiter: FloodLimiter) -> TelegramApp:
    bot = TolerantBot(
        config.token,
        base_url=config.base_url,
        base_file_url=_file_url(config.base_url),
        request=_request(read_timeout=10.0),
        get_updates_request=_request(read_timeout=10.0),
        rate_limiter=limiter,
    )
    return ApplicationBuilder().bot(bot).concurrent_updates(CONCURRENT_UPDATES).build()


def _file_url(base_url: str) -> str:
    """`https://host/bot` -> `https://host/file/bot`, as the Bot API lays files out."""
    head, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}"


async def start_receiving(app: TelegramApp, config: TelegramConfig, poll_timeout: float) -> None:
    updater = app.updater
    assert updater is not None
    if config.mode == "webhook":
        await updater.start_webhook(
            listen=config.listen,
            port=config.port,
            url_path=ANY_PATH,
            webhook_url=config.webhook_url,
            secret_token=config.webhook_secret,
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        await updater.start_polling(
            timeout=timedelta(seconds=poll_timeout), allowed_updates=ALLOWED_UPDATES
        )
