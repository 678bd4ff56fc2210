"""A monotonic clock and a sleep under the test's control, for the adapters' rate limiters."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


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
            if not wake.done():  # a cancelled sleeper is not woken
                wake.set_result(None)
        for _ in range(10):
            await asyncio.sleep(0)
