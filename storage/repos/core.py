"""SQL implementations of the core stores."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Identity
from bot.stores.core import ConversationKey, ConversationState, MemberRecord
from storage.models.core import Conversation, Member


class SqlConversationStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, key: ConversationKey) -> ConversationState | None:
        row = await self.session.get(Conversation, (key.platform, key.chat_id, key.user_id))
        if row is None:
            return None
        return ConversationState(
            key=key,
            flow=row.flow,
            step=row.step,
            expires_at=row.expires_at,
            data=dict(row.data),
            history=list(row.history),
            offered=[(label, value) for label, value in row.offered],
        )

    async def save(self, state: ConversationState) -> None:
        key = state.key
        values = {
            "flow": state.flow,
            "step": state.step,
            "expires_at": state.expires_at,
            "data": dict(state.data),
            "history": list(state.history),
            "offered": [list(pair) for pair in state.offered],
        }
        row = await self.session.get(Conversation, (key.platform, key.chat_id, key.user_id))
        if row is None:
            self.session.add(
                Conversation(
                    platform=key.platform, chat_id=key.chat_id, user_id=key.user_id, **values
                )
            )
        else:
            for name, value in values.items():
                setattr(row, name, value)
        await self.session.flush()

    async def delete(self, key: ConversationKey) -> None:
        row = await self.session.get(Conversation, (key.platform, key.chat_id, key.user_id))
        if row is not None:
            await self.session.delete(row)
            await self.session.flush()

    async def delete_expired(self, now: datetime) -> int:
        result = await self.session.execute(
            delete(Conversation).where(Conversation.expires_at <= now)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def of_user(self, platform: str, user_id: str) -> list[ConversationState]:
        rows = await self.session.scalars(
            select(Conversation)
            .where(Conversation.platform == platform, Conversation.user_id == user_id)
            .order_by(Conversation.chat_id)
        )
        return [_state(row) for row in rows]

    async def delete_of_user(self, platform: str, user_id: str) -> int:
        result = await self.session.execute(
            delete(Conversation).where(
                Conversation.platform == platform, Conversation.user_id == user_id
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)


def _state(row: Conversation) -> ConversationState:
    return ConversationState(
        key=ConversationKey(row.platform, row.chat_id, row.user_id),
        flow=row.flow,
        step=row.step,
        expires_at=row.expires_at,
        data=dict(row.data),
        history=list(row.history),
        offered=[(label, value) for label, value in row.offered],
    )


class SqlMemberStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def conduct_acknowledged_at(self, who: Identity) -> datetime | None:
        return await self.session.scalar(
            select(Member.conduct_acknowledged_at).where(
                Member.platform == who.platform, Member.user_id == who.user_id
            )
        )

    async def acknowledge_conduct(self, who: Identity, at: datetime) -> None:
        member = await self.ensure(who, at)
        await self.session.execute(
            update(Member).where(Member.id == member.id).values(conduct_acknowledged_at=at)
        )

    async def ensure(self, who: Identity, now: datetime) -> Member:
        member = await self.session.scalar(
            select(Member).where(Member.platform == who.platform, Member.user_id == who.user_id)
        )
        if member is None:
            member = Member(
                platform=who.platform,
                user_id=who.user_id,
                display_name=who.display_name,
                created_at=now,
            )
            self.session.add(member)
            await self.session.flush()
        elif member.display_name != who.display_name:
            member.display_name = who.display_name
        return member

    async def note_role(self, who: Identity, role: str, now: datetime) -> str | None:
        member = await self.session.scalar(
            select(Member).where(Member.platform == who.platform, Member.user_id == who.user_id)
        )
        before = (member.last_role if member is not None else None) or "member"
        if member is None and role == "member":
            return None
        if member is None:
            member = await self.ensure(who, now)
        if member.last_role == role:
            return None
        member.last_role = role
        await self.session.flush()
        return before if before != role else None

    async def record_of(self, who: Identity) -> MemberRecord | None:
        member = await self.session.scalar(
            select(Member).where(Member.platform == who.platform, Member.user_id == who.user_id)
        )
        if member is None:
            return None
        return MemberRecord(
            display_name=member.display_name,
            created_at=member.created_at,
            conduct_acknowledged_at=member.conduct_acknowledged_at,
            last_role=member.last_role,
        )

    async def forget(self, who: Identity) -> bool:
        result = await self.session.execute(
            delete(Member).where(Member.platform == who.platform, Member.user_id == who.user_id)
        )
        return bool(getattr(result, "rowcount", 0))
