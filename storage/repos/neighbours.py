"""The SQL store of neighbouring CLPs' events, as their feeds list them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.stores.events import (
    NeighbourEvent,
)
from storage.models.events import NeighbourEventRow


class SqlNeighbourStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def replace(self, clp: str, events: Sequence[NeighbourEvent], now: datetime) -> None:
        await self.session.execute(delete(NeighbourEventRow).where(NeighbourEventRow.clp == clp))
        unique = {(e.uid, e.starts_at): e for e in events}
        if unique:
            await self.session.execute(
                insert(NeighbourEventRow),
                [
                    {
                        "clp": clp,
                        "uid": e.uid[:500],
                        "title": e.title[:500],
                        "starts_at": e.starts_at,
                        "ends_at": e.ends_at,
                        "place": e.place[:500],
                        "url": e.url[:2000],
                        "fetched_at": now,
                    }
                    for e in unique.values()
                ],
            )

    async def upcoming(self, after: datetime) -> list[NeighbourEvent]:
        return await self._upcoming(after, 0, None)

    async def count_upcoming(self, after: datetime) -> int:
        query = select(func.count()).select_from(NeighbourEventRow)
        return int(
            await self.session.scalar(query.where(NeighbourEventRow.starts_at >= after)) or 0
        )

    async def upcoming_page(self, after: datetime, offset: int, limit: int) -> list[NeighbourEvent]:
        return await self._upcoming(after, offset, limit)

    async def _upcoming(
        self, after: datetime, offset: int, limit: int | None
    ) -> list[NeighbourEvent]:
        rows = await self.session.scalars(
            select(NeighbourEventRow)
            .where(NeighbourEventRow.starts_at >= after)
            .order_by(NeighbourEventRow.starts_at, NeighbourEventRow.id)
            .offset(offset)
            .limit(limit)
        )
        return [
            NeighbourEvent(r.clp, r.uid, r.title, r.starts_at, r.ends_at, r.place, r.url)
            for r in rows
        ]
