"""Core cost per command: the fake adapter, a command that needs no database, against
python-telegram-bot's `Update.de_json` of the same update in the same process."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Bot, Update

from adapters.fake import FakeAdapter
from bench.common import (
    Anchor,
    Figure,
    Stat,
    at_most,
    ratio,
    scratch_dir,
    sqlite_url,
    timed,
    timed_async,
)
from bench.harness import bench_config, running

GOAL = 0.5


def command_update(text: str = "/whoami", user: int = 1001) -> dict[str, Any]:
    """The update Telegram sends when a member types `text` in a private chat."""
    person = {"id": user, "is_bot": False, "first_name": "Ann", "username": "ann"}
    return {
        "update_id": 1,
        "message": {
            "message_id": 5,
            "date": 1_700_000_000,
            "chat": {"id": user, "type": "private", "first_name": "Ann"},
            "from": person,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def run(small: bool = False) -> list[Figure]:
    loops, repeats = (50, 2) if small else (3000, 7)
    bot = Bot("123456:TEST-TOKEN")
    data = command_update()
    fake = FakeAdapter()
    anchors: list[float] = []
    costs: list[float] = []
    with scratch_dir() as folder:
        async with running(bench_config(sqlite_url(folder)), fake):

            async def one() -> None:
                await fake.command("/whoami", user="ann")

            await timed_async(one, 20)  # warm up: first-use imports and caches
            for _ in range(repeats):
                anchors.append(timed(lambda: Update.de_json(data, bot), loops))
                fake.sent.clear()
                fake._read = 0
                costs.append(await timed_async(one, loops))
                await asyncio.sleep(0)
            assert "You are" in fake.sent[-1].text
    anchor = Stat.of([a * 1e6 for a in anchors])
    cost = Stat.of([c * 1e6 for c in costs])
    share = ratio(cost, anchor)
    return [
        Figure(
            "core.cost_per_command",
            "Core cost per command (fake adapter, /whoami, no database)",
            share,
            "x",
            f"<= {GOAL} x Update.de_json",
            at_most(share.median, GOAL),
            Anchor("PTB Update.de_json, same update", anchor, "us"),
            {"core_us": cost.as_json(), "loops": loops},
        )
    ]
