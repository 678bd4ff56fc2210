"""Test helpers shared by every test module: a clock tests control, and an app harness."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from alembic.script import ScriptDirectory

from adapters.fake import FakeAdapter
from bot.adapter import Adapter
from bot.app import App, build_router
from bot.config import Config
from bot.router import Router
from storage.sql import SqlStorage, alembic_config


class FrozenClock:
    """Time stands still until a test moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def make_config(storage_url: str, **sections: dict[str, Any]) -> Config:
    data: dict[str, Any] = {"storage": {"url": storage_url}, "console": {"enabled": False}}
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return Config.model_validate(data)


@asynccontextmanager
async def running_app(
    config: Config,
    *adapters: Adapter,
    clock: FrozenClock | None = None,
    router: Router | None = None,
) -> AsyncIterator[App]:
    """An App on `config`'s database with the given adapters, started and then stopped."""
    app = App(
        config,
        adapters=list(adapters) or [FakeAdapter()],
        storage=SqlStorage(config.storage.url),
        clock=clock or FrozenClock(),
        router=router or build_router(),
    )
    await app.start()
    try:
        yield app
    finally:
        await app.stop()


def head_revision() -> str:
    """The newest migration's revision: what a new or upgraded database ends at."""
    found = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert found is not None
    return found


def revision_before(revision: str) -> str:
    """The migration `revision` follows."""
    found = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    assert found is not None
    assert isinstance(found.down_revision, str)
    return found.down_revision
