"""Faults under a running bot: PostgreSQL restarted, the Telegram API failing or slow.

The bot recovers by itself (no restart), members' saved answers survive, a message the
outbox could not send goes out later exactly once.

The PostgreSQL test stops and starts the local cluster (`pg_ctlcluster`, as root in CI):
it runs only when CLPBOT_TEST_POSTGRES_URL is set and always starts the server again.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator

import asyncpg
import pytest
from aiohttp import web
from sqlalchemy.engine import make_url

from adapters.fake import FakeAdapter
from bot.middleware import APOLOGY
from bot.model import ChatKind, ChatRef, OutgoingMessage
from bot.stores.core import CONVERSATIONS, ConversationKey
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app
from tests.support import FrozenClock, make_config, running_app

POSTGRES_ENV = "CLPBOT_TEST_POSTGRES_URL"
CLUSTERS = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
HAS_CLUSTER = bool(CLUSTERS) and shutil.which("pg_ctlcluster") is not None


# --- PostgreSQL restarted --------------------------------------------------------------


async def _cluster(action: str) -> None:
    process = await asyncio.create_subprocess_exec(
        "pg_ctlcluster", "--skip-systemctl-redirect", CLUSTERS[0], "main", action
    )
    await process.wait()


async def _wait_until_up(url: str, within: float = 60) -> None:
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    deadline = asyncio.get_running_loop().time() + within
    while True:
        try:
            connection = await asyncpg.connect(plain)
        except (OSError, asyncpg.PostgresError):
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.5)
        else:
            await connection.close()
            return


@pytest.fixture
async def postgres_url(postgres_database: str | None) -> AsyncIterator[str]:
    if postgres_database is None:
        pytest.skip(f"PostgreSQL restart test skipped: set {POSTGRES_ENV} (.ci/run does)")
    if not HAS_CLUSTER:
        pytest.skip("no local PostgreSQL cluster to restart (pg_ctlcluster)")
    plain = make_url(postgres_database).set(drivername="postgresql")
    connection = await asyncpg.connect(plain.render_as_string(hide_password=False))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()
    try:
        yield postgres_database
    finally:  # whatever happened in the test, leave the server running
        await _cluster("start")
        await _wait_until_up(postgres_database)


async def test_postgresql_restarted_under_a_running_bot(postgres_url: str) -> None:
    fake = FakeAdapter(officers={"olive"})
    async with running_app(make_config(postgres_url), fake, clock=FrozenClock()) as app:
        await fake.command("/submit", user="ann")
        for press in ("I agree to follow it", "submission", "commission-3"):
            await fake.press(press, user="ann")
        await fake.say("Night buses", user="ann")  # the title: saved with this step
        fake.pop_all()

        await _cluster("stop")
        try:
            await fake.say("The last bus leaves at nine.", user="ann")
            assert [s.text for s in fake.pop_all()] == [APOLOGY]
        finally:
            await _cluster("start")
            await _wait_until_up(postgres_url)

        # the same bot, no restart: the member carries on where the last saved step was
        await fake.say("The last bus leaves at nine.", user="ann")
        assert "your proposal" in fake.pop_all()[-1].text
        async with app.storage.unit() as uow:
            state = await uow.get(CONVERSATIONS).load(ConversationKey("fake", "ann", "ann"))
        assert state is not None
        assert state.data["fields"]["title"] == "Night buses"
        assert state.data["fields"]["problem"] == "The last bus leaves at nine."
        await fake.command("/whoami", user="olive")
        assert "officer" in fake.pop_all()[-1].text

        # the outbox, which also lost its connections, delivers again
        group = ChatRef("fake", "-100", ChatKind.GROUP)
        async with app.storage.unit() as uow:
            await app.services.outbox.post(
                uow, "after-restart", [group], OutgoingMessage.text("We are back.")
            )
        await app.services.outbox.deliver_pending()
        assert [s.text for s in fake.sent if s.chat == group] == ["We are back."]


# --- the platform API failing or slow ---------------------------------------------------


class SlowTelegram(FakeTelegram):
    """The fake Bot API, answering sendMessage only after `delay` seconds."""

    delay = 0.0

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "sendMessage" and self.delay:
            await asyncio.sleep(self.delay)
        return await super()._handle(request)


@pytest.fixture
async def server() -> AsyncIterator[SlowTelegram]:
    fake = SlowTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


async def test_server_errors_are_retried_by_the_outbox_and_sent_once(
    server: SlowTelegram, sqlite_url: str
) -> None:
    clock = FrozenClock()
    group = server.group("Members")
    async with telegram_app(server, sqlite_url, clock=clock) as run:
        outbox = run.app.services.outbox
        server.fail("sendMessage", times=2, code=500, description="Internal Server Error")
        target = ChatRef("telegram", str(group.id), ChatKind.GROUP)
        async with run.app.storage.unit() as uow:
            await outbox.post(uow, "notice:1", [target], OutgoingMessage.text("Branch meeting"))
        for _ in range(4):  # each failed try waits its back-off; the clock moves past it
            await outbox.deliver_pending()
            clock.advance(minutes=5)
        assert server.sent_texts(group.id) == ["Branch meeting"]
        attempts = [c.status for c in server.calls("sendMessage")]
        assert attempts == [500, 500, 200]
        clock.advance(hours=1)
        await outbox.deliver_pending()
        assert server.sent_texts(group.id) == ["Branch meeting"]


async def test_a_failing_api_does_not_stop_the_bot_answering_later(
    server: SlowTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url):
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        server.fail("sendMessage", times=2, code=502, description="Bad Gateway")
        await server.push_message(chat, ann, "/whoami")
        await server.wait_calls("sendMessage", count=2)  # the reply, then the apology
        await server.push_message(chat, ann, "/whoami")
        assert "on Telegram" in (await server.next_message(chat)).text


async def test_a_slow_api_delays_but_loses_and_repeats_nothing(
    server: SlowTelegram, sqlite_url: str
) -> None:
    server.delay = 0.4
    async with telegram_app(server, sqlite_url):
        ann, bob = server.user("Ann"), server.user("Bob")
        for person in (ann, bob):
            await server.push_message(server.private_chat(person), person, "/whoami")
        for person in (ann, bob):
            reply = await server.next_message(server.private_chat(person))
            assert "on Telegram" in reply.text
        await server.wait_for(lambda: len(server.calls("sendMessage")) >= 2)
        for person in (ann, bob):
            assert len(server.sent_texts(server.private_chat(person).id)) == 1
