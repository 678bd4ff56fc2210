"""The whole app talking Telegram to a `FakeTelegram`, with time under the test's control.

    async with FakeTelegram() as server, telegram_app(server, sqlite_url) as run:
        ann = server.user("Ann")
        await server.push_message(server.private_chat(ann), ann, "/help")
        reply = await server.next_message(server.private_chat(ann))

The adapter's rate limiter runs on `run.time` (a `VirtualTime`): its waits advance the
virtual clock at once, so tests never sleep for real, and `run.time.slept` shows the waits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from adapters.telegram import TelegramAdapter
from adapters.telegram.ratelimit import FloodLimiter
from bot.app import App
from bot.config import TelegramConfig
from bot.router import Router
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.virtual_time import VirtualTime
from tests.support import FrozenClock, make_config, running_app


@dataclass
class TelegramRun:
    app: App
    adapter: TelegramAdapter
    time: VirtualTime


def telegram_adapter(
    server: FakeTelegram, time: VirtualTime | None = None, **keys: Any
) -> TelegramAdapter:
    """A `TelegramAdapter` for `server` on virtual time; `keys` are `[telegram]` config keys."""
    time = time or VirtualTime()
    config = TelegramConfig.model_validate(server.telegram_config(**keys))
    limiter = FloodLimiter(clock=time, sleep=time.sleep)
    return TelegramAdapter(config, limiter=limiter, poll_timeout=1.0, clock=time)


@asynccontextmanager
async def telegram_app(
    server: FakeTelegram,
    storage_url: str,
    *,
    router: Router | None = None,
    clock: FrozenClock | None = None,
    **keys: Any,
) -> AsyncIterator[TelegramRun]:
    """The app with only the Telegram adapter, started and then stopped."""
    time = VirtualTime()
    config = make_config(storage_url, telegram=server.telegram_config(**keys))
    adapter = telegram_adapter(server, time, **keys)
    async with running_app(config, adapter, clock=clock, router=router) as app:
        yield TelegramRun(app, adapter, time)
