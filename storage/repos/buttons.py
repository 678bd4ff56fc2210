"""SQL implementations of `bot.stores.buttons.ButtonStore` and `DeliveryStore`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.stores.buttons import StoredButton
from storage.models.base import Base
from storage.models.buttons import ButtonRow, DeploymentSecretRow, HandledDeliveryRow


async def insert_new(session: AsyncSession, model: type[Base], values: dict[str, Any]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: True if the row is new. On PostgreSQL an insert
    racing another transaction's waits for it and then finds the key taken (or free, if
    that one rolled back). Not a savepoint: on SQLite (pysqlite) a savepoint that opens a
    transaction commits when it is released, which would record the row before the event."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    result = await session.execute(insert(model).values(values).on_conflict_do_nothing())
    return bool(getattr(result, "rowcount", 0))


class SqlButtonStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def secret(self, name: str, fresh: str) -> str:
        await insert_new(self.session, DeploymentSecretRow, {"name": name, "value": fresh})
        stored = await self.session.scalar(  # ours, or the one another worker stored first
            select(DeploymentSecretRow.value).where(DeploymentSecretRow.name == name)
        )
        assert stored is not None
        return stored

    async def save(self, buttons: Sequence[StoredButton]) -> None:
        self.session.add_all(
            ButtonRow(
                token=b.token,
                platform=b.platform,
                chat_id=b.chat_id,
                payload=b.payload,
                created_at=b.created_at,
            )
            for b in buttons
        )
        await self.session.flush()

    async def load(self, token: str) -> StoredButton | None:
        row = await self.session.get(ButtonRow, token)
        if row is None:
            return None
        return StoredButton(row.token, row.platform, row.chat_id, row.payload, row.created_at)

    async def delete_before(self, moment: datetime) -> int:
        result = await self.session.execute(delete(ButtonRow).where(ButtonRow.created_at < moment))
        return int(getattr(result, "rowcount", 0) or 0)


class SqlDeliveryStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def handled(self, platform: str, delivery_id: str) -> bool:
        found = await self.session.scalar(
            select(HandledDeliveryRow.id).where(
                HandledDeliveryRow.platform == platform,
                HandledDeliveryRow.delivery_id == delivery_id,
            )
        )
        return found is not None

    async def first_time(self, platform: str, delivery_id: str, now: datetime) -> bool:
        values = {"platform": platform, "delivery_id": delivery_id, "handled_at": now}
        return await insert_new(self.session, HandledDeliveryRow, values)

    async def delete_before(self, moment: datetime) -> int:
        result = await self.session.execute(
            delete(HandledDeliveryRow).where(HandledDeliveryRow.handled_at < moment)
        )
        return int(getattr(result, "rowcount", 0) or 0)
