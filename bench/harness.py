"""An App on a scratch database with the adapters a bench needs, on the real clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.adapter import Adapter
from bot.app import App, build_router, utcnow
from bot.config import Config
from bot.context import Clock
from bot.router import Router
from storage.sql import SqlStorage


def bench_config(storage_url: str, **sections: dict[str, Any]) -> Config:
    data: dict[str, Any] = {"storage": {"url": storage_url}, "console": {"enabled": False}}
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return Config.model_validate(data)


@asynccontextmanager
async def running(
    config: Config, *adapters: Adapter, clock: Clock = utcnow, extra: Router | None = None
) -> AsyncIterator[App]:
    """Every feature router (plus `extra`, a bench's own) on `config`'s database."""
    router = build_router()
    if extra is not None:
        router.include(extra)
    app = App(
        config,
        adapters=list(adapters),
        storage=SqlStorage(config.storage.url),
        clock=clock,
        router=router,
    )
    await app.start()
    try:
        yield app
    finally:
        await app.stop()
