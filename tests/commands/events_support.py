"""Shared helpers for the events and announcements tests: an app with two fake platforms
whose announce chats are configured, and a quick way to add an event through /event add."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.fake import FakeAdapter
from bot.app import App
from bot.config import Config
from bot.model import ChatKind, ChatRef
from bot.stores.events import EVENTS, Event, EventType
from tests.support import FrozenClock, make_config, running_app

ANNOUNCE_TG = [
    ChatRef("telegram", "-100", ChatKind.GROUP),
    ChatRef("telegram", "-200", ChatKind.GROUP),
]
ANNOUNCE_DC = [ChatRef("discord", "555", ChatKind.CHANNEL)]


def events_config(sqlite_url: str, **events: Any) -> Config:
    return make_config(
        sqlite_url,
        clp={"name": "Testshire CLP"},
        telegram={
            "enabled": True,
            "token": "1:x",
            "announce_chats": [-100, -200],
            "officers_chat": -999,
        },
        discord={"enabled": True, "token": "x", "guild_ids": [1], "announce_channels": [555]},
        events=events,
    )


def platforms() -> tuple[FakeAdapter, FakeAdapter]:
    """Telegram and Discord, whose announce chats have names (Discord's "555" is
    "#announcements", as `chat_name` reports it)."""
    return (
        FakeAdapter(
            platform="telegram",
            officers={"olive"},
            chat_names={"-100": "Members' group", "-200": "Branch chat"},
        ),
        FakeAdapter(platform="discord", officers={"olive"}, chat_names={"555": "#announcements"}),
    )


@asynccontextmanager
async def events_app(
    config: Config, tg: FakeAdapter, dc: FakeAdapter, clock: FrozenClock
) -> AsyncIterator[App]:
    async with running_app(config, tg, dc, clock=clock) as app:
        yield app


async def add_event(
    fake: FakeAdapter,
    *,
    title: str = "Housing policy discussion",
    when: str = "next Tuesday 7pm",
    capacity: str | None = None,
    repeat: str = "One-off",
    repeat_end: str = "",
    monthly: str = "monthly",
    where: str = "Town Hall, Room 2 https://meet.example.org/abc",
) -> str:
    """Walk /event add as the officer "olive"; returns the bot's final message."""
    await fake.command("/event add", user="olive")
    await fake.say(title, user="olive")
    await fake.press("Policy discussion", user="olive")
    await fake.say(when, user="olive")
    await fake.press("Yes", user="olive")
    await fake.say("90 minutes", user="olive")
    await fake.press(repeat, user="olive")
    if repeat == "Monthly":
        await fake.press(monthly, user="olive")  # the day: by default its day of the month
    if repeat_end:
        await fake.say(repeat_end, user="olive")
    await fake.say(where, user="olive")
    await fake.say("Jo Bloggs MP", user="olive")
    await fake.say("Bring your ideas about social housing.", user="olive")
    if capacity is None:
        await fake.press("No limit", user="olive")
    else:
        await fake.say(capacity, user="olive")
    await fake.press("Save", user="olive")
    return fake.pop_replies("olive")[-1].text


def texts_to(fake: FakeAdapter, chat_id: str) -> list[str]:
    """What was posted to a chat (through the outbox), leaving out replies to commands."""
    return [s.text for s in fake.sent if s.chat.chat_id == chat_id and s.to_user is None]


async def seed_event(app: App, capacity: int) -> int:
    start = datetime(2026, 3, 10, 19, 0, tzinfo=UTC)
    event = Event(
        "Housing policy discussion",
        EventType.DISCUSSION,
        start,
        start + timedelta(hours=2),
        place="Town Hall",
        speaker="Jo Bloggs MP",
        capacity=capacity,
        created_at=start - timedelta(days=30),
    )
    async with app.storage.unit() as uow:
        await uow.get(EVENTS).add(event)
    assert event.id is not None
    return event.id
