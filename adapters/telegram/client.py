"""Building python-telegram-bot's Application and starting it without blocking.

`base_url` may point at any Bot API server (a self-hosted one, or the tests' fake); the
HTTP clients ignore proxy environment variables so loopback calls stay local. Updates are
processed concurrently (one chat's updates are kept in order by the adapter).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import JSONDict, ODVInput, TimePeriod
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
    """An ExtBot that skips an update it cannot read instead of stalling on it, and parses
    each update once.

    PTB parses a whole getUpdates batch at once; one update it cannot read (a newer Bot API
    field it requires, a malformed object) fails the batch, the offset never moves on, and
    every later update is stuck behind it. Here each update is parsed on its own: one that
    cannot be read is logged and passed on empty (just its id), so polling confirms it and
    carries on. (Parsing is most of an update's cost, so it is done exactly once.)
    """

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: TimePeriod | None = None,  # noqa: ASYNC109 (PTB's signature)
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        data: JSONDict = {
            "timeout": timeout,
            "offset": offset,
            "limit": limit,
            "allowed_updates": allowed_updates,
        }
        result = await self._post(
            "getUpdates",
            data,
            read_timeout=_long_poll_timeout(self, read_timeout, timeout),
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        updates = tuple(self.read_update(raw) for raw in result or ())
        for update in updates:
            self.insert_callback_data(update)
        return updates

    def read_update(self, raw: JSONDict) -> Update:
        try:
            update = Update.de_json(raw, self)
        except Exception:
            log.exception("skipping Telegram update %s: it cannot be read", raw.get("update_id"))
            update = Update(update_id=int(raw["update_id"]))
            update.set_bot(self)
        return update


def _long_poll_timeout(
    bot: ExtBot[int], read_timeout: ODVInput[float], timeout: TimePeriod | None
) -> float:
    """As PTB's own get_updates: the read timeout plus the long-poll wait."""
    if isinstance(read_timeout, DefaultValue):
        base = bot._request[0].read_timeout or 0  # the getUpdates request, as PTB does
    else:
        base = read_timeout or 0
    if isinstance(timeout, timedelta):
        return base + timeout.total_seconds()
    return base + timeout if timeout else base


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
