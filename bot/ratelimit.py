"""Rate-limit bookkeeping shared by the platform adapters: a sliding window of send times.

Platform-neutral on purpose (no platform library, no I/O), so that every adapter may build
its own limiter on it without the adapters importing one another. Time is passed in, so
the limiters built on it can run on an injected clock and tests never really wait.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
"""Monotonic seconds (`time.monotonic` in production)."""
Sleep = Callable[[float], Awaitable[None]]
"""Waits so many seconds (`asyncio.sleep` in production)."""


class SlidingWindow:
    """At most `limit` events in any `period` seconds: no burst above the rate, ever."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit, self.period = limit, period
        self._stamps: deque[float] = deque()

    def wait_time(self, now: float, pending: int = 0) -> float:
        """Seconds until one more event fits. `pending` events are under way and will be
        recorded when they end; while they fill the window by themselves: `math.inf`."""
        while self._stamps and self._stamps[0] <= now - self.period:
            self._stamps.popleft()
        free = self.limit - pending
        if free <= 0:
            return math.inf
        if len(self._stamps) < free:
            return 0.0
        return self._stamps[-free] + self.period - now

    def record(self, now: float) -> None:
        self._stamps.append(now)

    def idle(self, now: float) -> bool:
        return self.wait_time(now) == 0.0 and not self._stamps
