"""The fake platforms for the fan-out bench, in their own process so that the bot's CPU
time is measured alone. They enforce the platforms' flood limits and answer 429 above them.

    python -m bench.fanout_server telegram CHATS INJECT_EVERY ROUND_TRIP_MS  # prints the
    python -m bench.fanout_server discord CHANNELS 0 ROUND_TRIP_MS            # port, serves
                                                                              # until stdin closes
Each request is answered one round trip after it was made: half of it on the way there
(where the platform counts it), half on the way back.

Statistics: Telegram `POST /bot<token>/benchStats`, Discord `GET /api/v10/bench-stats`.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter, deque
from typing import Any

from aiohttp import web

from tests.fakes.discord_api import Call as DiscordCall
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import Call, FakeTelegram
from tests.fakes.telegram_payloads import error

FIRST_CHANNEL = 10_000


class Window:
    def __init__(self, limit: int, period: float) -> None:
        self.limit, self.period = limit, period
        self.stamps: deque[float] = deque()

    def admit(self, now: float) -> float:
        """0 and record the send if allowed; else how long until it would be."""
        while self.stamps and self.stamps[0] <= now - self.period:
            self.stamps.popleft()
        if len(self.stamps) >= self.limit:
            return self.stamps[0] + self.period - now
        self.stamps.append(now)
        return 0.0


class LimitedTelegram(FakeTelegram):
    """30 messages/s overall, 1/s per chat, 20/minute per group; `inject_every`: every
    n-th send gets a 429 anyway (as Telegram does under load)."""

    def __init__(self, inject_every: int = 0, round_trip: float = 0.0) -> None:
        super().__init__()
        self.inject_every = inject_every
        self.round_trip = round_trip
        self.overall = Window(30, 1.0)
        self.per_chat: dict[int, Window] = {}
        self.per_group: dict[int, Window] = {}
        self.refused = 0
        self.injected = 0
        self.delivered: Counter[int] = Counter()
        self.first_at = self.last_at = 0.0
        self._sends = 0

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "benchStats":
            return await super()._handle(request)
        await asyncio.sleep(self.round_trip / 2)
        response = await super()._handle(request)
        await asyncio.sleep(self.round_trip / 2)
        return response

    def answer(self, call: Call, take: Any) -> dict[str, Any]:
        if call.method == "benchStats":
            return {"ok": True, "result": self.stats()}
        if call.method != "sendMessage":
            return super().answer(call, take)
        chat = int(call.params["chat_id"])
        self._sends += 1
        if self.inject_every and self._sends % self.inject_every == 0:
            self.injected += 1
            return error(429, "Too Many Requests: retry after 1", 1)
        now = time.monotonic()
        wait = max(
            self.overall.admit(now),
            self.per_chat.setdefault(chat, Window(1, 1.0)).admit(now),
            self.per_group.setdefault(chat, Window(20, 60.0)).admit(now) if chat < 0 else 0.0,
        )
        if wait > 0:
            self.refused += 1
            return error(429, "Too Many Requests", max(1, round(wait)))
        self.delivered[chat] += 1
        self.first_at = self.first_at or now
        self.last_at = now
        return super().answer(call, take)

    def stats(self) -> dict[str, Any]:
        return {
            "refused": self.refused,
            "injected": self.injected,
            "delivered": sum(self.delivered.values()),
            "chats": len(self.delivered),
            "twice": sum(1 for n in self.delivered.values() if n > 1),
            "span_s": self.last_at - self.first_at,
            "last_at": self.last_at,
        }


class LimitedDiscord(FakeDiscord):
    """50 requests/s for the bot overall; a 429 (with `Via` and `retry_after`) above it."""

    def __init__(self, channels: int, round_trip: float = 0.0) -> None:
        super().__init__()
        self.round_trip = round_trip
        self.window = Window(50, 1.0)
        self.refused = 0
        self.last_at = 0.0
        for n in range(channels):
            self.add_channel(FIRST_CHANNEL + n)

    async def _rest(self, request: web.Request) -> web.Response:
        if request.match_info["tail"] == "bench-stats":
            return await super()._rest(request)
        await asyncio.sleep(self.round_trip / 2)
        response = await super()._rest(request)
        await asyncio.sleep(self.round_trip / 2)
        return response

    def _limited(self, call: DiscordCall) -> float | None:
        if call.path == "/bench-stats" or call.path.startswith("/interactions/"):
            return super()._limited(call)
        now = time.monotonic()
        wait = self.window.admit(now)
        if wait > 0:
            self.refused += 1
            return round(wait, 3)
        self.last_at = now
        return super()._limited(call)

    def _answer(self, call: DiscordCall) -> tuple[int, Any]:
        if call.path == "/bench-stats":
            posts = [c for c in self.log if c.method == "POST" and c.status == 200]
            per = Counter(c.path for c in posts if c.path.startswith("/channels/"))
            return 200, {
                "refused": self.refused,
                "delivered": sum(per.values()),
                "chats": len(per),
                "twice": sum(1 for n in per.values() if n > 1),
                "last_at": self.last_at,
            }
        return super()._answer(call)


async def serve(kind: str, size: int, inject_every: int, round_trip_ms: float) -> None:
    if kind == "telegram":
        telegram = LimitedTelegram(inject_every, round_trip_ms / 1000)
        await telegram.start()
        for n in range(size):
            telegram.group(f"Branch {n}", id=-1_002_000_000_000 - n)
        port, stop = telegram.port, telegram.close
    else:
        discord = await LimitedDiscord(size, round_trip_ms / 1000).start()
        port, stop = discord.port, discord.stop
    print(port, flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await stop()


if __name__ == "__main__":
    arguments = [*sys.argv[1:], "0", "0"]
    asyncio.run(serve(arguments[0], int(arguments[1]), int(arguments[2]), float(arguments[3])))
