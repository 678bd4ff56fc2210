"""`SqlStorage`: the `bot.stores.Storage` implementation on SQLAlchemy 2 (async)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.stores import StoreKey
from storage.engine import create_engine
from storage.registry import STORES

T = TypeVar("T")
MIGRATIONS = Path(__file__).parent / "migrations"


class SqlUnitOfWork:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._stores: dict[StoreKey[Any], Any] = {}

    def get(self, key: StoreKey[T]) -> T:
        store = self._stores.get(key)
        if store is None:
            store = self._stores[key] = STORES[key](self.session)
        return store  # type: ignore[no-any-return]

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()


class SqlStorage:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[SqlUnitOfWork]:
        async with self._sessions() as session:
            uow = SqlUnitOfWork(session)
            try:
                yield uow
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def upgrade(self) -> None:
        async with self.engine.begin() as connection:
            await connection.run_sync(_upgrade)

    async def close(self) -> None:
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")
