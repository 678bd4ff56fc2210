"""Fixtures. Storage tests run on SQLite always and on PostgreSQL when
CLPBOT_TEST_POSTGRES_URL is set (.ci/run sets it); otherwise those are skipped, saying so."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from adapters.fake import FakeAdapter
from bot.app import App
from bot.buttons import Buttons
from bot.config import Config
from storage.sql import SqlStorage
from tests.support import FrozenClock, make_config, running_app

POSTGRES_ENV = "CLPBOT_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str | None]:
    """A scratch PostgreSQL database for this test session, dropped at the end."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        yield None
        return
    import asyncio

    url = make_url(base).set(drivername="postgresql")
    name = f"clpbot_test_{uuid.uuid4().hex[:10]}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(url.render_as_string(hide_password=False))
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(base)
            .set(drivername="postgresql+asyncpg", database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def storage_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_database: str | None
) -> AsyncIterator[str]:
    """A fresh, empty database URL: SQLite in tmp_path, or a clean PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"
        return
    if postgres_database is None:
        pytest.skip(f"PostgreSQL tests skipped: set {POSTGRES_ENV} (.ci/run does)")
    url = make_url(postgres_database).set(drivername="postgresql")
    connection = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()
    yield postgres_database


@pytest.fixture
async def storage(storage_url: str) -> AsyncIterator[SqlStorage]:
    store = SqlStorage(storage_url)
    await store.upgrade()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
async def buttons(sqlite_url: str, clock: FrozenClock) -> AsyncIterator[Buttons]:
    """The core's button registry on a fresh SQLite database, for adapter unit tests."""
    store = SqlStorage(sqlite_url)
    await store.upgrade()
    try:
        yield Buttons(store, clock)
    finally:
        await store.close()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def config(sqlite_url: str) -> Config:
    return make_config(sqlite_url)


@pytest.fixture
def fake() -> FakeAdapter:
    return FakeAdapter(officers={"olive"})


@pytest.fixture
async def app(config: Config, fake: FakeAdapter, clock: FrozenClock) -> AsyncIterator[App]:
    """The whole app on SQLite with one FakeAdapter; user "olive" is an officer."""
    async with running_app(config, fake, clock=clock) as running:
        yield running
