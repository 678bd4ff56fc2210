"""SQL implementation of `bot.stores.audit.AuditStore`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.privacy import ERASED
from bot.stores.audit import AuditEntry
from storage.models.audit import AuditRow


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        actor_name=row.actor_name,
        actor_key=row.actor_key,
        actor_role=row.actor_role,
        action=row.action,
        subject=row.subject,
        at=row.at,
        detail=row.detail,
        id=row.id,
    )


class SqlAuditStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, entry: AuditEntry) -> AuditEntry:
        row = AuditRow(
            actor_name=entry.actor_name[:200],
            actor_key=entry.actor_key[:100],
            actor_role=entry.actor_role[:16],
            action=entry.action[:64],
            subject=entry.subject[:300],
            detail=entry.detail,
            at=entry.at,
        )
        self.session.add(row)
        await self.session.flush()
        return _entry(row)

    async def latest(self, limit: int) -> list[AuditEntry]:
        rows = await self.session.scalars(
            select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
        )
        return [_entry(row) for row in rows]

    async def by_actors(self, keys: set[str]) -> list[AuditEntry]:
        if not keys:
            return []
        rows = await self.session.scalars(
            select(AuditRow).where(AuditRow.actor_key.in_(keys)).order_by(AuditRow.at, AuditRow.id)
        )
        return [_entry(row) for row in rows]

    async def anonymise(self, keys: set[str], keep_roles: set[str]) -> tuple[int, int]:
        if not keys:
            return 0, 0
        mine = AuditRow.actor_key.in_(keys)
        kept = await self.session.scalar(
            select(func.count())
            .select_from(AuditRow)
            .where(mine, AuditRow.actor_role.in_(keep_roles))
        )
        result = await self.session.execute(
            update(AuditRow)
            .where(mine, AuditRow.actor_role.not_in(keep_roles))
            .values(actor_name=ERASED, actor_key="")
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0), int(kept or 0)

    async def delete_before(self, cutoff: datetime) -> int:
        result = await self.session.execute(delete(AuditRow).where(AuditRow.at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)
