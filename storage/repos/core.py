"""SQL implementations of the core stores."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Identity
from bot.stores.core import ConversationKey, ConversationState
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
