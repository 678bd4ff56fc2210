"""Discord's global rate limit, kept by the bot instead of learnt from 429 answers.

Discord allows a bot 50 requests per second in all (interaction responses exempt) and
answers more with a 429. discord.py waits a 429 out and retries, but Discord counts every
429 as an invalid request, and 10,000 of those in 10 minutes get the bot's IP banned for a
while, so a fan-out must not lean on them. Every request of discord.py's REST client goes
through `GlobalLimiter.call` (`limit_requests`): posts, DMs, edits, and the lookups and
command syncs that count towards the same limit. Interaction responses (the callback and
the follow-ups) go through discord.py's webhook client instead, untouched: they must
answer within 3 s and are not counted.

A request holds its place in the sliding window from when it leaves until a second after
its answer came back. Discord counts a request when it arrives, which lies between the
two, so no second at Discord's end can hold more than 50 however the network or a busy
machine delays them. (A window on departure times with 50 ms of margin, as the Telegram
limiter keeps, still drew a dozen 429s in `make bench` on a busy machine.) Turns are given
first come first served, a waiter that is cancelled takes no place, and discord.py's own
429 handling stays underneath as the fallback.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import discord

from bot.ratelimit import Clock, Sleep, SlidingWindow

T = TypeVar("T")

GLOBAL_LIMIT = 50
"""Requests per `GLOBAL_PERIOD` seconds for the whole bot (Discord's figure for any bot)."""
GLOBAL_PERIOD = 1.0


class GlobalLimiter:
    """At most `limit` requests in any `period` seconds, across the process."""

    def __init__(
        self,
        limit: int = GLOBAL_LIMIT,
        period: float = GLOBAL_PERIOD,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._window = SlidingWindow(limit, period)
        self._clock, self._sleep = clock, sleep
        self._turns = asyncio.Lock()
        """One waiter at a time, in the order they came (asyncio's lock is fair)."""
        self._under_way = 0
        self._ended = asyncio.Event()

    async def call(self, request: Callable[[], Awaitable[T]]) -> T:
        """`request()` once the window has room for it."""
        await self._take_place()
        try:
            return await request()
        finally:  # answered, failed or cancelled: it may have reached Discord all the same
            self._under_way -= 1
            self._window.record(self._clock())
            self._ended.set()

    async def _take_place(self) -> None:
        async with self._turns:
            while (wait := self._window.wait_time(self._clock(), self._under_way)) > 0:
                if wait == math.inf:  # `limit` requests under way: wait for one to end
                    self._ended.clear()
                    await self._ended.wait()
                else:
                    await self._sleep(wait)
            self._under_way += 1


def limit_requests(http: discord.http.HTTPClient, limiter: GlobalLimiter) -> None:
    """Make every request of `http` wait for its place in `limiter`.

    discord.py offers no hook for this, so the client's `request` is wrapped. Its own 429
    handling runs inside `request`, so a retry it makes does not take a second place.
    """
    request = http.request

    async def limited(route: discord.http.Route, **kwargs: Any) -> Any:
        return await limiter.call(lambda: request(route, **kwargs))

    http.request = limited  # type: ignore[method-assign]
