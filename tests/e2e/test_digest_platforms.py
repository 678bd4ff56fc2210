"""The weekly digest end to end: the real python-telegram-bot and discord.py against their
fake servers on 127.0.0.1. Each announce chat and each subscriber gets it exactly once,
however often the job and the delivery run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.discord import DiscordAdapter
from bot.app import App
from bot.stores.consultations import CONSULTATIONS
from bot.stores.events import EVENTS, NEIGHBOUR_EVENTS, Event, EventType, NeighbourEvent
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app
from tests.support import FrozenClock, make_config, running_app

MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # [digest] defaults: Monday 09:00 London


async def seed(app: App) -> None:
    now = app.services.clock()
    async with app.storage.unit() as uow:
        await uow.get(CONSULTATIONS).add(
            "Safer <streets> & communities",
            commission="Safer streets",
            url="https://forum.example.org/s",
            closes_at=now + timedelta(days=10),
            created_at=now,
        )
        talk = now + timedelta(days=20)
        hour = timedelta(hours=1)
        await uow.get(EVENTS).add(
            Event("Housing talk", EventType.SPEAKER, talk, talk + hour, created_at=now)
        )
        fair = NeighbourEvent("Nextshire CLP", "fair", "Summer fair", now + timedelta(days=40))
        await uow.get(NEIGHBOUR_EVENTS).replace("Nextshire CLP", [fair], now)


async def send_the_digest_twice(app: App, clock: FrozenClock) -> None:
    clock.now = MONDAY
    for _ in range(2):
        await app.services.scheduler.run_due()
        await app.services.outbox.deliver_pending()


async def test_the_digest_on_telegram(sqlite_url: str, clock: FrozenClock) -> None:
    async with FakeTelegram() as server:
        ann = server.user("Ann")
        members = server.group("Members")
        ann_chat = server.private_chat(ann)
        async with telegram_app(
            server, sqlite_url, clock=clock, announce_chats=[members.id]
        ) as run:
            await seed(run.app)
            await server.push_message(ann_chat, ann, "/subscribe")
            assert "Subscribed" in (await server.next_message(ann_chat)).text
            await send_the_digest_twice(run.app, clock)
            for chat in (members, ann_chat):
                digests = [t for t in server.sent_texts(chat.id) if "weekly digest" in t]
                assert len(digests) == 1
                assert "Safer &lt;streets&gt; &amp; communities" in digests[0]
                assert "closes in 3 days" in digests[0]
                assert "#1 Housing talk" in digests[0]
                assert "Summer fair" in digests[0]
                assert "(Nextshire CLP)" in digests[0]
            await server.push_message(members, ann, "/digest")
            shown = await server.next_message(members)
            assert "New this week (1)" in shown.text


async def test_the_digest_on_discord(sqlite_url: str, clock: FrozenClock) -> None:
    server = await FakeDiscord().start()
    try:
        config = make_config(sqlite_url, discord=server.discord_config())
        adapter = DiscordAdapter(config.discord, guild_ready_timeout=0.05)
        async with running_app(config, adapter, clock=clock) as app:
            await seed(app)
            bob = server.member("Bob")
            subscribed = await server.wait_reply(await server.slash(bob, "subscribe"))
            assert "Subscribed" in subscribed.content
            await send_the_digest_twice(app, clock)
            for messages in (server.channel_messages(), server.dm_messages(bob)):
                digests = [m for m in messages if "weekly digest" in str(m.get("content", ""))]
                assert len(digests) == 1
                content = str(digests[0]["content"])
                assert "Safer <streets> & communities" in content
                assert "Housing talk" in content
                assert "Summer fair" in content
                assert digests[0].get("allowed_mentions") == {"parse": []}
    finally:
        await server.stop()


async def test_ten_digest_dms_on_discord_make_no_request_known_to_fail(
    sqlite_url: str, clock: FrozenClock
) -> None:
    """Each subscriber's DM channel is opened once (POST /users/@me/channels) and then
    remembered: never a post to a user id taken for a channel id, which Discord answers 404."""
    server = await FakeDiscord().start()
    try:
        config = make_config(sqlite_url, discord=server.discord_config())
        adapter = DiscordAdapter(config.discord, guild_ready_timeout=0.05)
        async with running_app(config, adapter, clock=clock) as app:
            await seed(app)
            members = [server.member(f"Member{n}") for n in range(10)]
            for member in members:
                await server.wait_reply(await server.slash(member, "subscribe"))
            before = len(server.log)
            await send_the_digest_twice(app, clock)
            clock.now = MONDAY + timedelta(days=7)  # the next week's digest, to the same DMs
            await app.services.scheduler.run_due()
            await app.services.outbox.deliver_pending()
            made = server.log[before:]
            assert [c for c in made if c.status >= 400] == []
            assert len(server.calls("POST", "/users/@me/channels")) == 10  # once per member
            for member in members:
                digests = [m for m in server.dm_messages(member) if "weekly digest" in m["content"]]
                assert len(digests) == 2
            assert len(made) == 10 + 2 + 20  # DM channels, the channel's two digests, the DMs
    finally:
        await server.stop()
