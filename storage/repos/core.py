"""SQL implementations of the core stores."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Table, and_, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Identity
from bot.stores.core import ConversationKey, ConversationState, MemberRecord, StepMovedOnError
from storage.models.core import Conversation, Member


class SqlConversationStore:
    """Core statements only (no ORM rows): a step loads its state in one SELECT and saves it
    in one statement, and no identity-map copy can go stale between the two.

    A loaded state is saved by compare-and-set on `version`: on PostgreSQL a second process
    that loaded the same version waits for the first one's row lock, then finds the version
    moved on and raises `StepMovedOnError`, so its transaction (a second draft, say) rolls back.
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, key: ConversationKey) -> ConversationState | None:
        row = (await self.session.execute(select(_TABLE).where(_is(key)))).first()
        return _state(row) if row is not None else None

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
        if state.version:
            changed = await self.session.execute(
                update(_TABLE)
                .where(_is(key), _TABLE.c.version == state.version)
                .values(version=_TABLE.c.version + 1, **values)
            )
            if not getattr(changed, "rowcount", 0):
                raise StepMovedOnError(
                    f"conversation {key} is no longer at version {state.version}"
                )
            state.version += 1
            return
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(_TABLE).values(
            platform=key.platform, chat_id=key.chat_id, user_id=key.user_id, version=1, **values
        )
        statement = statement.on_conflict_do_update(
            index_elements=["platform", "chat_id", "user_id"],
            set_={"version": _TABLE.c.version + 1, **values},
        )
        state.version = int(
            (await self.session.execute(statement.returning(_TABLE.c.version))).scalar_one()
        )

    async def finish(self, state: ConversationState) -> None:
        where = _is(state.key)
        if state.version:
            where = and_(where, _TABLE.c.version == state.version)
        gone = await self.session.execute(delete(_TABLE).where(where))
        if state.version and not getattr(gone, "rowcount", 0):
            raise StepMovedOnError(
                f"conversation {state.key} is no longer at version {state.version}"
            )

    async def delete(self, key: ConversationKey) -> None:
        await self.session.execute(delete(_TABLE).where(_is(key)))

    async def delete_expired(self, now: datetime) -> int:
        result = await self.session.execute(delete(_TABLE).where(_TABLE.c.expires_at <= now))
        return int(getattr(result, "rowcount", 0) or 0)

    async def of_user(self, platform: str, user_id: str) -> list[ConversationState]:
        rows = await self.session.execute(
            select(_TABLE)
            .where(_TABLE.c.platform == platform, _TABLE.c.user_id == user_id)
            .order_by(_TABLE.c.chat_id)
        )
        return [_state(row) for row in rows]

    async def delete_of_user(self, platform: str, user_id: str) -> int:
        result = await self.session.execute(
            delete(_TABLE).where(_TABLE.c.platform == platform, _TABLE.c.user_id == user_id)
        )
        return int(getattr(result, "rowcount", 0) or 0)


_TABLE: Table = Conversation.__table__  # type: ignore[assignment]


def _is(key: ConversationKey) -> ColumnElement[bool]:
    return and_(
        _TABLE.c.platform == key.platform,
        _TABLE.c.chat_id == key.chat_id,
        _TABLE.c.user_id == key.user_id,
    )


def _state(row: Row[Any]) -> ConversationState:
    return ConversationState(
        key=ConversationKey(row.platform, row.chat_id, row.user_id),
        flow=row.flow,
        step=row.step,
        expires_at=row.expires_at,
        data=dict(row.data),
        history=list(row.history),
        offered=[(label, value) for label, value in row.offered],
        version=row.version,
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
        """One upsert: the member's row is created on first sight, as `ensure` would."""
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(Member).values(
            platform=who.platform,
            user_id=who.user_id,
            display_name=who.display_name,
            created_at=at,
            conduct_acknowledged_at=at,
        )
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["platform", "user_id"],
                set_={"display_name": who.display_name, "conduct_acknowledged_at": at},
            )
        )
        for row in list(self.session.identity_map.values()):  # no stale copy in this unit
            if isinstance(row, Member) and (row.platform, row.user_id) == (
                who.platform,
                who.user_id,
            ):
                self.session.expire(row)

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
