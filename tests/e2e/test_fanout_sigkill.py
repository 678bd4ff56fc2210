"""SIGKILL a real `clpbot run` in the middle of a fan-out to 200 Telegram chats, restart it,
and every chat has the announcement exactly once.

The database is seeded with a due announcement (as /announce leaves it) before the first
start; the scheduler runs it at start (it is within the grace window), which queues one
outbox row per chat. The fake Bot API answers the first 60 sendMessage calls, then holds
the 61st without delivering it (a request lost in flight); the test kills the process
while it waits. After the restart only the pending rows are sent.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web

from bot.stores.events import ANNOUNCEMENTS, Announcement
from bot.stores.scheduling import OUTBOX, SCHEDULE, OutboxState, ScheduledJob
from storage.sql import SqlStorage
from tests.e2e.processes import telegram_config_file
from tests.fakes.telegram_api import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
CHATS = [-1_000_000 - n for n in range(200)]
KILL_AFTER = 60


class StallingTelegram(FakeTelegram):
    """Answers `stall_after` sendMessage calls, then holds further ones unanswered."""

    def __init__(self) -> None:
        super().__init__()
        self.stall_after: int | None = None
        self.stalled = asyncio.Event()
        self.released = asyncio.Event()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if (
            method == "sendMessage"
            and self.stall_after is not None
            and len(self.sent()) >= self.stall_after
        ):
            self.stalled.set()
            await self.released.wait()  # the process is killed meanwhile
            return web.Response(status=502)  # never delivered
        return await super()._handle(request)


@pytest.fixture
async def server() -> AsyncIterator[StallingTelegram]:
    fake = StallingTelegram()
    async with fake:
        yield fake


async def seed_due_announcement(
    url: str, text: str = "Branch meeting on Thursday at 7pm.", summary: str = "branch meeting"
) -> str:
    """A due announcement and its job, as /announce leaves them; returns the post key."""
    storage = SqlStorage(url)
    await storage.upgrade()
    now = datetime.now(UTC)
    due = now - timedelta(seconds=5)
    async with storage.unit() as uow:
        added = await uow.get(ANNOUNCEMENTS).add(Announcement(text, None, now, created_at=now))
        await uow.get(SCHEDULE).add(
            ScheduledJob(
                "announcement",
                due,
                ref=str(added.id),
                payload={"announcement_id": added.id, "summary": summary},
            )
        )
    await storage.close()
    return f"announce:{added.id}:{due.isoformat()}"


async def start_bot(config: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        "--config",
        str(config),
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def outbox_states(url: str, post_key: str) -> dict[OutboxState, int]:
    storage = SqlStorage(url)
    try:
        async with storage.unit() as uow:
            items = await uow.get(OUTBOX).for_post(post_key)
    finally:
        await storage.close()
    counts: dict[OutboxState, int] = {}
    for item in items:
        counts[item.state] = counts.get(item.state, 0) + 1
    return counts


async def settled_outbox(url: str, post_key: str) -> dict[OutboxState, int]:
    """The rows' states once none is pending or being sent (the last send is marked just
    after Telegram answered it, so poll the database briefly instead of racing the process:
    a row read between the answer and its mark is still "sending")."""
    for _ in range(300):
        states = await outbox_states(url, post_key)
        if not {OutboxState.PENDING, OutboxState.SENDING} & states.keys():
            return states
        await asyncio.sleep(0.1)
    return states


@pytest.mark.slow
async def test_sigkill_mid_fanout_then_restart_delivers_each_chat_exactly_once(
    server: StallingTelegram, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    url = f"sqlite+aiosqlite:///{database}"
    config = telegram_config_file(
        tmp_path / "clpbot.toml", server, database, announce_chats=CHATS, grace_minutes=60
    )
    post_key = await seed_due_announcement(url)

    server.stall_after = KILL_AFTER
    first = await start_bot(config)
    try:
        await asyncio.wait_for(server.stalled.wait(), 90)
        os.kill(first.pid, signal.SIGKILL)
        await asyncio.wait_for(first.wait(), 30)
    finally:
        if first.returncode is None:
            first.kill()
            await first.wait()
    server.released.set()
    assert first.returncode == -signal.SIGKILL
    delivered_before = {m.chat_id for m in server.sent()}
    assert len(delivered_before) == KILL_AFTER  # part of the fan-out, not all of it
    assert len(server.sent()) == KILL_AFTER

    server.stall_after = None
    second = await start_bot(config)
    try:
        await server.wait_for(lambda: {m.chat_id for m in server.sent()} >= set(CHATS), 120)
        states = await settled_outbox(url, post_key)
        second.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(second.communicate(), 30)
    finally:
        if second.returncode is None:
            second.kill()
            await second.wait()
    assert "Traceback" not in stderr.decode(), stderr.decode()[-3000:]
    per_chat = {chat: server.sent_texts(chat) for chat in CHATS}
    assert all(texts == ["Branch meeting on Thursday at 7pm."] for texts in per_chat.values())
    assert len(server.sent()) == len(CHATS)
    assert states == {OutboxState.SENT: len(CHATS)}
