"""SQL implementation of office holdings."""

from __future__ import annotations

from sqlalchemy import Select, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Identity
from bot.stores.offices import MAX_HOLDINGS, Holding
from storage.models.accounts import PersonIdentity
from storage.models.offices import OfficeHolderRow as Row


def _holding(row: Row) -> Holding:
    return Holding(row.office, row.person_id, row.granted_by, row.granted_at, row.id)


def _ordered() -> Select[Row]:
    return select(Row).order_by(Row.office, Row.granted_at, Row.id)


class SqlOfficeStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def offices_of(self, who: Identity) -> list[str]:
        rows = await self.session.scalars(
            select(Row.office)
            .join(PersonIdentity, PersonIdentity.person_id == Row.person_id)
            .where(PersonIdentity.platform == who.platform, PersonIdentity.user_id == who.user_id)
            .order_by(Row.office)
            .limit(MAX_HOLDINGS)
        )
        return list(rows)

    async def holdings(self, limit: int = MAX_HOLDINGS) -> list[Holding]:
        return [_holding(r) for r in await self.session.scalars(_ordered().limit(limit))]

    async def holders_of(self, offices: list[str], limit: int = MAX_HOLDINGS) -> list[Holding]:
        if not offices:
            return []
        query = _ordered().where(Row.office.in_(offices)).limit(limit)
        return [_holding(r) for r in await self.session.scalars(query)]

    async def of_person(self, person_id: int) -> list[Holding]:
        query = _ordered().where(Row.person_id == person_id).limit(MAX_HOLDINGS)
        return [_holding(r) for r in await self.session.scalars(query)]

    async def get(self, holding_id: int) -> Holding | None:
        row = await self.session.get(Row, holding_id)
        return _holding(row) if row is not None else None

    async def grant(self, holding: Holding) -> Holding | None:
        held = await self.session.scalar(
            select(Row.id).where(Row.office == holding.office, Row.person_id == holding.person_id)
        )
        if held is not None:
            return None
        row = Row(
            office=holding.office,
            person_id=holding.person_id,
            granted_by=holding.granted_by,
            granted_at=holding.granted_at,
        )
        self.session.add(row)
        await self.session.flush()
        return _holding(row)

    async def revoke(self, holding_id: int) -> bool:
        result = await self.session.execute(delete(Row).where(Row.id == holding_id))
        return bool(getattr(result, "rowcount", 0))

    async def merge_people(self, keep: int, gone: int) -> None:
        kept = select(Row.office).where(Row.person_id == keep)
        await self.session.execute(
            update(Row)
            .where(Row.person_id == gone, Row.office.not_in(kept))
            .values(person_id=keep)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(delete(Row).where(Row.person_id == gone))

    async def forget(self, person_id: int) -> int:
        result = await self.session.execute(delete(Row).where(Row.person_id == person_id))
        return int(getattr(result, "rowcount", 0) or 0)

    async def forget_granter(self, keys: set[str], erased: str) -> int:
        if not keys:
            return 0
        result = await self.session.execute(
            update(Row)
            .where(Row.granted_by.in_(keys))
            .values(granted_by=erased)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)
