"""SIGKILL a real `clpbot run` between the first and second Telegram message of an
announcement too long for one (4096 characters), restart it, and the chat has each part
exactly once: the outbox records a post part by part."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.stores.scheduling import OutboxState
from tests.e2e.processes import BotProcess, telegram_config_file
from tests.e2e.test_fanout_sigkill import StallingTelegram, outbox_states, seed_due_announcement

CHAT = -1_000_123
FIRST = "First part: the branch meeting moves to the library. " * 50
SECOND = "Second part: bring a friend, and leaflets for Saturday. " * 50
LONG = 90


@pytest.fixture
async def server() -> AsyncIterator[StallingTelegram]:
    fake = StallingTelegram()
    async with fake:
        yield fake


async def sent_at_last(url: str, post_key: str) -> dict[OutboxState, int]:
    """The row's state once marked (just after Telegram answered the last part)."""
    for _ in range(300):
        states = await outbox_states(url, post_key)
        if OutboxState.SENT in states:
            return states
        await asyncio.sleep(0.1)
    return states


@pytest.mark.slow
async def test_sigkill_between_two_parts_resends_only_the_second(
    server: StallingTelegram, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    url = f"sqlite+aiosqlite:///{database}"
    config = telegram_config_file(
        tmp_path / "clpbot.toml", server, database, announce_chats=[CHAT], grace_minutes=60
    )
    post_key = await seed_due_announcement(url, f"{FIRST}\n\n{SECOND}", "two parts")

    server.stall_after = 1  # part one is delivered, part two is held
    first = await BotProcess.start("first", config)
    try:
        await asyncio.wait_for(server.stalled.wait(), LONG)
    finally:
        assert await first.kill() < 0
    server.released.set()
    [part_one] = server.sent_texts(CHAT)
    assert part_one.startswith("First part")

    server.stall_after = None
    second = await BotProcess.start("second", config)
    try:
        await server.wait_for(lambda: len(server.sent_texts(CHAT)) >= 2, LONG)
        states = await sent_at_last(url, post_key)
    finally:
        assert await second.stop() == 0
    assert "Traceback" not in second.log, second.log[-3000:]
    texts = server.sent_texts(CHAT)
    assert len(texts) == 2, texts  # part one was not sent again
    assert texts[0] == part_one
    assert texts[1].startswith("Second part")
    assert states == {OutboxState.SENT: 1}
