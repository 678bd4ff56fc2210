"""Two real `clpbot run` processes on one PostgreSQL database, as two Telegram webhook
workers behind a reverse proxy: exactly one runs the scheduler; when it is killed with
SIGKILL the other takes over; every post reaches every chat exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.stores.events import ANNOUNCEMENTS, Announcement
from bot.stores.scheduling import SCHEDULE, ScheduledJob
from storage.sql import SqlStorage
from tests.conftest import POSTGRES_ENV
from tests.e2e.processes import LEADER_LINE, BotProcess, first_to_say, free_port
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
SECRET = "multi-process-test-secret"
LONG = 120  # generous deadlines: outcomes are asserted, never speed


class HoldingTelegram(FakeTelegram):
    """While `hold` is set, sendMessage calls are held unanswered (lost in flight: never
    delivered); `release()` answers them with 502 and lets later calls through."""

    def __init__(self) -> None:
        super().__init__()
        self.hold = False
        self.holding = asyncio.Event()
        self._released = asyncio.Event()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "sendMessage" and self.hold:
            self.holding.set()
            await self._released.wait()
            return web.Response(status=502)
        return await super()._handle(request)

    def release(self) -> None:
        self.hold = False
        self._released.set()


@pytest.fixture
async def server() -> AsyncIterator[HoldingTelegram]:
    fake = HoldingTelegram()
    async with fake:
        yield fake


@pytest.fixture
async def database(postgres_database: str | None) -> str:
    """The tests' PostgreSQL database with an empty schema."""
    if postgres_database is None:
        pytest.skip(f"PostgreSQL tests skipped: set {POSTGRES_ENV} (.ci/run does)")
    url = make_url(postgres_database).set(drivername="postgresql")
    connection = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()
    return postgres_database


def write_config(
    path: Path, server: FakeTelegram, url: str, chats: list[int], discord: FakeDiscord | None = None
) -> Path:
    port = free_port()
    discord_section = ""
    if discord is not None:
        discord_section = f"""
[discord]
enabled = true
token = "fake-token"
api_base_url = "{discord.api_base_url}"
gateway_url = "{discord.gateway_url}"
guild_ids = [{discord.guild_id}]
announce_channels = [{discord.channel_id}]
"""
    path.write_text(
        f"""
[storage]
url = "{url}"

[console]
enabled = false

[telegram]
enabled = true
token = "{server.token}"
base_url = "{server.base_url}"
mode = "webhook"
webhook_url = "https://bot.example.org/telegram/hook"
webhook_secret = "{SECRET}"
listen = "127.0.0.1"
port = {port}
announce_chats = {chats}

[scheduler]
grace_minutes = 60
lock_retry_seconds = 0.5
outbox_lease_seconds = 5
{discord_section}""",
        encoding="utf-8",
    )
    return path


async def add_announcement(url: str, words: str, due: datetime) -> int:
    """An announcement to every announce chat and its job, as /announce leaves them."""
    storage = SqlStorage(url)
    try:
        await storage.upgrade()
        async with storage.unit() as uow:
            now = datetime.now(UTC)
            added = await uow.get(ANNOUNCEMENTS).add(Announcement(words, None, due, created_at=now))
            job = await uow.get(SCHEDULE).add(
                ScheduledJob(
                    "announcement",
                    due,
                    ref=str(added.id),
                    payload={"announcement_id": added.id, "summary": words},
                )
            )
    finally:
        await storage.close()
    assert job.id is not None
    return job.id


async def settled(url: str) -> dict[str, int]:
    """Outbox rows per state once none is pending or sending (each row is marked just after
    Telegram answered, so poll the database briefly instead of racing the process)."""
    storage = SqlStorage(url)
    try:
        for _ in range(LONG * 10):
            async with storage.engine.connect() as connection:
                result = await connection.execute(
                    text("SELECT state, count(*) FROM outbox GROUP BY state")
                )
                states = {str(state): int(count) for state, count in result}
            if not {"pending", "sending"} & states.keys():
                break
            await asyncio.sleep(0.1)
    finally:
        await storage.close()
    return states


def each_chat_got(server: FakeTelegram, chats: list[int], texts: list[str]) -> bool:
    """Every chat has every text at least once (the tests then check: exactly once)."""
    return all(set(texts) <= set(server.sent_texts(chat)) for chat in chats)


async def test_the_scheduler_moves_to_the_other_process_when_its_owner_is_killed(
    server: HoldingTelegram, database: str, tmp_path: Path
) -> None:
    chats = [-1_000_001, -1_000_002, -1_000_003]
    texts = [f"Announcement {n}" for n in range(1, 5)]
    await add_announcement(database, texts[0], datetime.now(UTC) - timedelta(seconds=5))
    configs = [write_config(tmp_path / f"p{n}.toml", server, database, chats) for n in (1, 2)]
    processes = [await BotProcess.start(f"p{n}", c) for n, c in enumerate(configs, 1)]
    try:
        leader = await first_to_say(processes, LEADER_LINE, LONG)
        [follower] = [p for p in processes if p is not leader]
        await follower.wait_for_line("telegram adapter started", LONG)
        await server.wait_for(lambda: each_chat_got(server, chats, texts[:1]), LONG)

        # The next post is sent while Telegram holds every request: the leader is killed
        # with that send in flight, never delivered and never marked.
        server.hold = True
        await add_announcement(database, texts[1], datetime.now(UTC))
        await asyncio.wait_for(server.holding.wait(), LONG)
        assert not follower.saw(LEADER_LINE)  # one scheduler per database
        assert await leader.kill() < 0

        # Due after the leader's death: only the follower can run these.
        later = [
            await add_announcement(database, words, datetime.now(UTC) + timedelta(seconds=1))
            for words in texts[2:]
        ]
        server.release()
        await follower.wait_for_line(LEADER_LINE, LONG)
        await server.wait_for(lambda: each_chat_got(server, chats, texts), LONG)
        states = await settled(database)
    finally:
        for process in processes:
            await process.stop()
    assert "Traceback" not in follower.log, follower.log[-4000:]
    for job_id in later:
        assert follower.saw(f"ran scheduled job {job_id} (announcement")
    for chat in chats:
        assert sorted(server.sent_texts(chat)) == texts  # each post exactly once
    assert len(server.sent()) == len(chats) * len(texts)
    assert states == {"sent": len(chats) * len(texts)}


async def test_two_workers_for_one_platform_share_a_fan_out_without_duplicates(
    server: HoldingTelegram, database: str, tmp_path: Path
) -> None:
    """Both processes deliver Telegram rows; each row is claimed by one of them. They start
    together on an empty database, so this also shows that migrations run once."""
    chats = [-2_000_000 - n for n in range(150)]
    texts = ["Branch meeting on Thursday.", "Leafleting on Saturday."]
    configs = [write_config(tmp_path / f"w{n}.toml", server, database, chats) for n in (1, 2)]
    workers = [await BotProcess.start(f"w{n}", c) for n, c in enumerate(configs, 1)]
    try:
        for worker in workers:
            await worker.wait_for_line("telegram adapter started", LONG)
        await first_to_say(workers, LEADER_LINE, LONG)
        for words in texts:
            await add_announcement(database, words, datetime.now(UTC))
        await server.wait_for(lambda: each_chat_got(server, chats, texts), LONG)
        states = await settled(database)
    finally:
        codes = [await worker.stop() for worker in workers]
    assert codes == [0, 0], [w.log[-3000:] for w in workers]
    for worker in workers:
        assert "Traceback" not in worker.log, worker.log[-4000:]
    for chat in chats:
        assert sorted(server.sent_texts(chat)) == sorted(texts)
    assert len(server.sent()) == len(chats) * len(texts)
    assert states == {"sent": len(chats) * len(texts)}


async def test_one_process_per_platform_hands_over_the_scheduler_and_each_sends_its_own(
    server: HoldingTelegram, database: str, tmp_path: Path
) -> None:
    """`clpbot run --only telegram` and `--only discord` with one config: each knows every
    platform's chats as targets and sends only its own platform's rows. The scheduler's
    owner is killed; the other runs the next post; the killed one, restarted, sends its
    platform's share, which waited for it."""
    discord = await FakeDiscord().start()
    try:
        chats = [-3_000_001, -3_000_002]
        texts = ["Canvassing on Saturday.", "AGM on the 14th."]
        config = write_config(tmp_path / "both.toml", server, database, chats, discord)

        def channel_texts() -> list[str]:
            return [str(body.get("content", "")) for body in discord.channel_messages()]

        async def everyone_got(wanted: list[str]) -> None:
            await server.wait_for(lambda: each_chat_got(server, chats, wanted), LONG)
            await discord.wait_until(lambda: set(wanted) <= set(channel_texts()), within=LONG)

        await add_announcement(database, texts[0], datetime.now(UTC) - timedelta(seconds=5))
        processes = {
            name: await BotProcess.start(name, config, "--only", name)
            for name in ("telegram", "discord")
        }
        leader = await first_to_say(list(processes.values()), LEADER_LINE, LONG)
        [survivor] = [p for p in processes.values() if p is not leader]
        await everyone_got(texts[:1])
        await settled(database)  # nothing in flight: killing now loses and repeats nothing
        assert await leader.kill() < 0

        job_id = await add_announcement(database, texts[1], datetime.now(UTC))
        await survivor.wait_for_line(LEADER_LINE, LONG)
        await survivor.wait_for_line(f"ran scheduled job {job_id} (announcement", LONG)
        restarted = await BotProcess.start(leader.name, config, "--only", leader.name)
        processes[leader.name] = restarted
        await everyone_got(texts)
        states = await settled(database)
    finally:
        for process in processes.values():
            await process.stop()
        await discord.stop()
    for process in (survivor, restarted):
        assert "Traceback" not in process.log, process.log[-4000:]
    for chat in chats:
        assert sorted(server.sent_texts(chat)) == sorted(texts)
    assert sorted(channel_texts()) == sorted(texts)
    assert states == {"sent": (len(chats) + 1) * len(texts)}
