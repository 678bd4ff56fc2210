"""The SQL announcement store: scheduled posts and where they go."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import ChatKind, ChatRef
from bot.stores.events import (
    Announcement,
    AnnouncementState,
)
from storage.models.events import AnnouncementRow


def _chat_to_json(chat: ChatRef) -> list[str]:
    return [chat.platform, chat.chat_id, chat.kind.value]


def _announcement(row: AnnouncementRow) -> Announcement:
    targets = (
        [ChatRef(p, c, ChatKind(k)) for p, c, k in row.targets] if row.targets is not None else None
    )
    return Announcement(
        text=row.text,
        targets=targets,
        due_at=row.due_at,
        recurrence=dict(row.recurrence) if row.recurrence else None,
        recurrence_text=row.recurrence_text,
        state=AnnouncementState(row.state),
        created_by=row.created_by,
        created_at=row.created_at,
        id=row.id,
    )


class SqlAnnouncementStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, announcement: Announcement) -> Announcement:
        a = announcement
        row = AnnouncementRow(
            text=a.text,
            targets=[_chat_to_json(c) for c in a.targets] if a.targets is not None else None,
            due_at=a.due_at,
            recurrence=a.recurrence,
            recurrence_text=a.recurrence_text,
            state=a.state.value,
            created_by=a.created_by,
            created_at=a.created_at or a.due_at,
        )
        self.session.add(row)
        await self.session.flush()
        a.id = row.id
        return a

    async def get(self, announcement_id: int) -> Announcement | None:
        row = await self.session.get(AnnouncementRow, announcement_id)
        return _announcement(row) if row else None

    async def scheduled(self) -> list[Announcement]:
        rows = await self.session.scalars(
            select(AnnouncementRow)
            .where(AnnouncementRow.state == AnnouncementState.SCHEDULED.value)
            .order_by(AnnouncementRow.due_at, AnnouncementRow.id)
        )
        return [_announcement(row) for row in rows]

    async def set_state(self, announcement_id: int, state: AnnouncementState) -> None:
        await self.session.execute(
            update(AnnouncementRow)
            .where(AnnouncementRow.id == announcement_id)
            .values(state=state.value)
        )

    async def set_due(self, announcement_id: int, due_at: datetime) -> None:
        await self.session.execute(
            update(AnnouncementRow)
            .where(AnnouncementRow.id == announcement_id)
            .values(due_at=due_at)
        )
