"""Telegram's flood limits, applied to every request the bot makes (a PTB rate limiter).

Why not PTB's `AIORateLimiter`: its aiolimiter buckets start full, so a burst of 30 goes out
at once on top of the steady 30/s (about 60 in the first second); it does not limit a
private chat to 1 message/s; and it retries a 429 only when `max_retries` > 0, pausing every
chat. This limiter keeps sliding windows (never more than N sends in any period): 30/s
overall, 1/s per chat (private chats included), 20/minute per group. A 429 pauses that chat
for `retry_after` and the message is sent again; Telegram refused it, so it is still
delivered exactly once. Connection failures are retried where a retry cannot duplicate.
Time comes from an injectable clock and sleep, so tests never really wait.

A send holds its place in the windows from when it leaves until its answer is back, and is
counted at the answer: Telegram counts a request when it arrives, which lies between the
two, so however the network or a busy machine bunches requests up on the way, no second
(or minute) at Telegram's end holds more than the limit. (Counting departures drew 429s in
`make bench` on a busy machine, even with a safety margin that slowed every fan-out.)
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import httpx
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

from bot.ordering import KeyedLocks
from bot.ratelimit import Clock, Sleep, SlidingWindow

log = logging.getLogger("clpbot.telegram.ratelimit")

Result = bool | dict[str, Any] | list[dict[str, Any]]
Request = Callable[..., Coroutine[Any, Any, Result]]

LIMITED_PREFIXES = ("send", "edit", "copy", "forward", "stopPoll")
"""Methods that post or change messages in a chat: the ones Telegram's flood limits count."""
NOT_RETRIED = frozenset({"getUpdates"})
"""PTB's polling loop retries these itself."""
UNSENT_CAUSES = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Failures before the request left: safe to retry even a sendMessage."""


@dataclass(frozen=True, slots=True)
class Limits:
    overall: tuple[int, float] = (30, 1.0)
    per_chat: tuple[int, float] = (1, 1.0)
    per_group: tuple[int, float] = (20, 60.0)
    max_429_retries: int = 5
    network_retries: int = 3
    network_backoff: float = 1.0


class FloodLimiter(BaseRateLimiter[int]):
    def __init__(
        self,
        limits: Limits | None = None,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limits = limits or Limits()
        self._clock, self._sleep = clock, sleep
        self._overall = SlidingWindow(*self.limits.overall)
        self._in_flight = 0
        """Limited sends under way: each takes a place in the overall window until its
        answer is back, when it is recorded."""
        self._answered = asyncio.Event()
        self._chats: dict[str, SlidingWindow] = {}
        self._groups: dict[str, SlidingWindow] = {}
        self._paused_until: dict[str, float] = {}
        self._chat_locks = KeyedLocks()

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Request,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        chat = data.get("chat_id")
        if chat is None or not endpoint.startswith(LIMITED_PREFIXES):
            return await self._with_retries(callback, args, kwargs, endpoint, None)
        key = str(chat)
        async with self._chat_locks.hold(key):  # one at a time per chat: they arrive in order
            return await self._with_retries(callback, args, kwargs, endpoint, key)

    async def _with_retries(
        self, callback: Request, args: Any, kwargs: dict[str, Any], endpoint: str, key: str | None
    ) -> Result:
        too_fast = failed = 0
        while True:
            if key is not None:
                await self._acquire(key)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:  # refused: still counted, it arrived
                too_fast += 1
                if too_fast > self.limits.max_429_retries:
                    raise
                wait = exc._retry_after.total_seconds()
                log.warning("Telegram said too many requests (%s): waiting %.1f s", endpoint, wait)
                if key is None:
                    await self._sleep(wait)
                else:
                    self._paused_until[key] = self._clock() + wait
            except (NetworkError, TimedOut) as exc:
                failed += 1
                if failed > self.limits.network_retries or not _retryable(endpoint, exc):
                    raise
                delay = self.limits.network_backoff * 2 ** (failed - 1)
                log.warning("%s failed (%s): retrying in %.1f s", endpoint, exc, delay)
                await self._sleep(delay)
            finally:
                if key is not None:
                    self._answered_in(key)

    async def _acquire(self, key: str) -> None:
        """Wait for a place in every window that applies to `key`, and take it."""
        while (wait := self._wait_time(key)) > 0:
            if wait == math.inf:  # the whole overall window is under way: wait for an answer
                self._answered.clear()
                await self._answered.wait()
            else:
                await self._sleep(wait)
        self._in_flight += 1

    def _answered_in(self, key: str) -> None:
        """The send to `key` has its answer (or failed): count it now, free its place."""
        now = self._clock()
        self._in_flight -= 1
        self._overall.record(now)
        self._chats.setdefault(key, SlidingWindow(*self.limits.per_chat)).record(now)
        if _is_group(key):
            self._groups.setdefault(key, SlidingWindow(*self.limits.per_group)).record(now)
        self._answered.set()
        self._forget_idle(now)

    def _wait_time(self, key: str) -> float:
        """Seconds until a send to `key` fits (chats' own sends go one at a time, under
        their lock, so only the overall window has sends under way to allow for)."""
        now = self._clock()
        waits = [
            self._overall.wait_time(now, self._in_flight),
            self._paused_until.get(key, now) - now,
        ]
        if key in self._chats:
            waits.append(self._chats[key].wait_time(now))
        if key in self._groups:
            waits.append(self._groups[key].wait_time(now))
        return max(waits)

    def _forget_idle(self, now: float) -> None:
        """Keep the tables small: drop windows that no longer hold anything back."""
        if len(self._chats) + len(self._groups) < 1024:
            return
        for table in (self._chats, self._groups):
            for chat in [c for c, window in table.items() if window.idle(now)]:
                del table[chat]
        for chat in [c for c, until in self._paused_until.items() if until <= now]:
            del self._paused_until[chat]


def _is_group(chat: str) -> bool:
    """Negative ids are groups and channels; `@name` is a public channel or group."""
    return chat.startswith(("-", "@"))


def _retryable(endpoint: str, exc: Exception) -> bool:
    if endpoint in NOT_RETRIED:
        return False
    if endpoint.startswith(("send", "copy", "forward")):
        return isinstance(exc.__cause__, UNSENT_CAUSES)  # it may have arrived: never twice
    return True
