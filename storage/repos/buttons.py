"""SQL implementations of `bot.stores.buttons.ButtonStore` and `DeliveryStore`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.stores.buttons import StoredButton
from storage.models.buttons import ButtonRow, DeploymentSecretRow, HandledDeliveryRow


class SqlButtonStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def secret(self, name: str, fresh: str) -> str:
        found = await self.session.get(DeploymentSecretRow, name)
        if found is not None:
            return found.value
        try:
            async with self.session.begin_nested():
                self.session.add(DeploymentSecretRow(name=name, value=fresh))
        except IntegrityError:  # another worker stored one first: theirs it is
            stored = await self.session.scalar(
                select(DeploymentSecretRow.value).where(DeploymentSecretRow.name == name)
            )
            assert stored is not None
            return stored
        return fresh

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

    async def first_time(self, platform: str, delivery_id: str, now: datetime) -> bool:
        try:
            async with self.session.begin_nested():
                self.session.add(
                    HandledDeliveryRow(platform=platform, delivery_id=delivery_id, handled_at=now)
                )
        except IntegrityError:
            return False
        return True

    async def delete_before(self, moment: datetime) -> int:
        result = await self.session.execute(
            delete(HandledDeliveryRow).where(HandledDeliveryRow.handled_at < moment)
        )
        return int(getattr(result, "rowcount", 0) or 0)
