"""The whole app talking Telegram to a `FakeTelegram`, with time under the test's control.

    async with FakeTelegram() as server, telegram_app(server, sqlite_url) as run:
        ann = server.user("Ann")
        await server.push_message(server.private_chat(ann), ann, "/help")
        reply = await server.next_message(server.private_chat(ann))

The adapter's rate limiter runs on `run.time` (a `VirtualTime`): its waits advance the
virtual clock at once, so tests never sleep for real, and `run.time.slept` shows the waits.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from adapters.telegram import TelegramAdapter
from adapters.telegram.ratelimit import FloodLimiter
from bot.app import App
from bot.config import TelegramConfig
from bot.router import Router
from tests.fakes.telegram_api import FakeTelegram
from tests.support import FrozenClock, make_config, running_app


@dataclass
class VirtualTime:
    """A monotonic clock and a sleep for it.

    With `auto` (the default) a sleep moves the clock forward at once. Without it, sleepers
    wait until the test calls `advance`, which shows who is held up and who is not.
    """

    now: float = 1000.0
    auto: bool = True
    slept: list[float] = field(default_factory=list)
    _sleepers: list[tuple[float, asyncio.Future[None]]] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        if self.auto:
            self.now += max(0.0, seconds)
            await asyncio.sleep(0)
            return
        wake = asyncio.get_running_loop().create_future()
        self._sleepers.append((self.now + seconds, wake))
        await wake

    async def advance(self, seconds: float) -> None:
        """Move the clock on and let every sleeper that is due run."""
        self.now += seconds
        due = [(at, wake) for at, wake in self._sleepers if at <= self.now]
        self._sleepers = [(at, wake) for at, wake in self._sleepers if at > self.now]
        for _, wake in due:
            wake.set_result(None)
        for _ in range(10):
            await asyncio.sleep(0)


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
