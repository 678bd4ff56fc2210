"""Helpers for the calendar feed tests: a config with the web server on a free port, and
events stored directly."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta
from typing import Any

from bot.app import App
from bot.config import Config
from bot.stores.events import EVENTS, Event, EventType
from tests.commands.events_support import events_config

PUBLIC_URL = "https://bot.example-clp.org.uk"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def web_config(sqlite_url: str, **web: Any) -> Config:
    """The events test config with `[web]` on: the server on 127.0.0.1 at a free port."""
    base = events_config(sqlite_url)
    values = {"enabled": True, "public_url": PUBLIC_URL, "port": free_port(), **web}
    return base.model_copy(update={"web": base.web.model_validate(values)})


def feed_url(config: Config) -> str:
    return f"http://127.0.0.1:{config.web.port}{config.web.calendar_path}"


async def store_event(app: App, title: str, start: datetime, **extra: Any) -> Event:
    event = Event(
        title,
        EventType.DISCUSSION,
        start,
        start + timedelta(hours=2),
        place="Town Hall",
        created_at=start - timedelta(days=60),
        **extra,
    )
    async with app.storage.unit() as uow:
        await uow.get(EVENTS).add(event)
    return event
