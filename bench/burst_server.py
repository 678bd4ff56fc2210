"""The fake Bot API for the burst bench, in its own process, with a network round trip.

    python -m bench.burst_server MEMBERS ROUND_TRIP_MS   # prints the port; serves until
                                                          # stdin closes

Every call the bot makes is answered `ROUND_TRIP_MS` after it arrives, as a platform a
continent away would; Telegram's flood limits (30/s overall, 1/s per chat) are enforced
with 429s. The bench drives it with three methods of its own on the same wire:

- `benchType` (`text`): every member types `text` in their private chat, all at once;
- `benchPress` (`label`): every member presses the button `label` on the newest message
  in their private chat that has it, all at once;
- `benchStats`: what each member has been sent, and how many 429s were given.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from typing import Any

from aiohttp import web

from bench.fanout_server import Window
from tests.fakes.telegram_api import Call, FakeTelegram, TgUser
from tests.fakes.telegram_payloads import error

FIRST_MEMBER = 500_000
OWN_METHODS = ("benchType", "benchPress", "benchStats")


class DistantTelegram(FakeTelegram):
    def __init__(self, members: int, round_trip: float) -> None:
        super().__init__()
        self.round_trip = round_trip
        self.members: list[TgUser] = [
            self.user(f"Member{n}", id=FIRST_MEMBER + n) for n in range(members)
        ]
        for member in self.members:
            self.private_chat(member)
        self.overall = Window(30, 1.0)
        self.per_chat: dict[int, Window] = {}
        self.refused = 0
        self.last_sent_at = 0.0

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method in OWN_METHODS:
            params = dict(await request.post())
            return web.json_response({"ok": True, "result": await self._own(method, params)})
        await asyncio.sleep(self.round_trip)
        return await super()._handle(request)

    def answer(self, call: Call, take: Any) -> dict[str, Any]:
        if call.method.startswith("send"):
            now = time.monotonic()
            chat = int(call.params["chat_id"])
            wait = max(
                self.overall.admit(now), self.per_chat.setdefault(chat, Window(1, 1.0)).admit(now)
            )
            if wait > 0:
                self.refused += 1
                return error(429, "Too Many Requests", max(1, round(wait)))
            self.last_sent_at = now
        return super().answer(call, take)

    async def _own(self, method: str, params: dict[str, Any]) -> Any:
        if method == "benchType":
            text = str(params["text"])
            for member in self.members:
                await self.push_message(self.chat(member.id), member, text)
            return {"pushed_at": time.monotonic()}
        if method == "benchPress":
            label, missing = str(params["label"]), 0
            for member in self.members:
                try:
                    await self.press(label, user=member, chat=self.chat(member.id))
                except AssertionError:  # an earlier answer was lost: nothing to press
                    missing += 1
            return {"pushed_at": time.monotonic(), "missing": missing}
        return self._stats()

    def _stats(self) -> dict[str, Any]:
        texts: dict[str, list[str]] = {}
        for message in self.sent():
            texts.setdefault(str(message.chat_id), []).append(message.text)
        answers = Counter(
            c.params.get("text", "") for c in self.calls("answerCallbackQuery") if c.status == 200
        )
        return {
            "texts": texts,
            "refused": self.refused,
            "last_sent_at": self.last_sent_at,
            "callback_alerts": {k: v for k, v in answers.items() if k},
        }


async def serve(members: int, round_trip_ms: float) -> None:
    server = DistantTelegram(members, round_trip_ms / 1000)
    await server.start()
    print(server.port, flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await server.close()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), float(sys.argv[2])))
