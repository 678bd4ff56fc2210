"""SQL implementation of ideas and their supporters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.stores.ideas import Idea, IdeaStatus
from storage.models.accounts import Person
from storage.models.ideas import IdeaRow, IdeaSupport

SUPPORT = func.count(IdeaSupport.person_id).label("support")


def _idea(row: IdeaRow, support: int) -> Idea:
    return Idea(
        text=row.text,
        author_person_id=row.author_person_id,
        created_at=row.created_at,
        commission=row.commission,
        status=IdeaStatus(row.status),
        merged_into=row.merged_into,
        support=support,
        id=row.id,
        hidden_reason=row.hidden_reason,
    )


def _with_support() -> Select[IdeaRow, int]:
    return (
        select(IdeaRow, SUPPORT)
        .outerjoin(IdeaSupport, IdeaSupport.idea_id == IdeaRow.id)
        .group_by(IdeaRow.id)
    )


def _open_matching(words: Sequence[str]) -> list[ColumnElement[bool]]:
    """Open, and holding every word (any case; "%" and "_" typed are plain characters)."""
    found = [IdeaRow.status == IdeaStatus.OPEN.value]
    return found + [IdeaRow.text.icontains(word, autoescape=True) for word in words]


def _most_supported_first(query: Select[IdeaRow, int]) -> Select[IdeaRow, int]:
    return query.order_by(SUPPORT.desc(), IdeaRow.created_at, IdeaRow.id)


class SqlIdeaStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, idea: Idea) -> Idea:
        row = IdeaRow(
            text=idea.text,
            commission=idea.commission,
            author_person_id=idea.author_person_id,
            status=idea.status.value,
            merged_into=idea.merged_into,
            created_at=idea.created_at,
        )
        self.session.add(row)
        await self.session.flush()
        idea.id = row.id
        return idea

    async def get(self, idea_id: int) -> Idea | None:
        found = (await self.session.execute(_with_support().where(IdeaRow.id == idea_id))).first()
        return _idea(found[0], found[1]) if found else None

    async def open_ideas(self) -> list[Idea]:
        rows = await self.session.execute(
            _most_supported_first(_with_support().where(*_open_matching(())))
        )
        return [_idea(row, support) for row, support in rows]

    async def count_open(self, words: Sequence[str] = ()) -> int:
        query = select(func.count()).select_from(IdeaRow).where(*_open_matching(words))
        return int(await self.session.scalar(query) or 0)

    async def open_page(self, offset: int, limit: int, words: Sequence[str] = ()) -> list[Idea]:
        query = _most_supported_first(_with_support().where(*_open_matching(words)))
        rows = await self.session.execute(query.offset(offset).limit(limit))
        return [_idea(row, support) for row, support in rows]

    async def recent_from(self, person_id: int, since: datetime, limit: int) -> list[datetime]:
        # PostgreSQL: the person's row lock serializes their counts (a no-op on SQLite,
        # whose write transactions already run one at a time)
        await self.session.execute(
            select(Person.id).where(Person.id == person_id).with_for_update()
        )
        rows = await self.session.scalars(
            select(IdeaRow.created_at)
            .where(IdeaRow.author_person_id == person_id, IdeaRow.created_at > since)
            .order_by(IdeaRow.created_at.desc())
            .limit(limit)
        )
        return list(rows)

    async def open_texts(self, limit: int) -> list[tuple[int, str]]:
        rows = await self.session.execute(
            select(IdeaRow.id, IdeaRow.text)
            .where(IdeaRow.status == IdeaStatus.OPEN.value)
            .order_by(IdeaRow.id.desc())
            .limit(limit)
        )
        return [(idea_id, text) for idea_id, text in rows]

    async def support_from_others(self, idea_id: int, person_id: int) -> int:
        found = await self.session.scalar(
            select(func.count())
            .select_from(IdeaSupport)
            .where(IdeaSupport.idea_id == idea_id, IdeaSupport.person_id != person_id)
        )
        return int(found or 0)

    async def edit(self, idea_id: int, text: str, now: datetime) -> None:
        await self.session.execute(
            update(IdeaRow).where(IdeaRow.id == idea_id).values(text=text, edited_at=now)
        )

    async def hide(self, idea_id: int, reason: str, now: datetime) -> None:
        await self.session.execute(
            update(IdeaRow)
            .where(IdeaRow.id == idea_id)
            .values(status=IdeaStatus.HIDDEN.value, hidden_reason=reason, hidden_at=now)
        )

    async def new_open(self, start: datetime, end: datetime, limit: int) -> tuple[int, list[Idea]]:
        within = (
            IdeaRow.created_at >= start,
            IdeaRow.created_at < end,
            IdeaRow.status == IdeaStatus.OPEN.value,
        )
        count = await self.session.scalar(select(func.count()).select_from(IdeaRow).where(*within))
        rows = await self.session.execute(
            _with_support().where(*within).order_by(IdeaRow.id).limit(limit)
        )
        return int(count or 0), [_idea(row, support) for row, support in rows]

    async def set_commission(self, idea_id: int, commission: str | None) -> None:
        await self.session.execute(
            update(IdeaRow).where(IdeaRow.id == idea_id).values(commission=commission)
        )

    async def support(self, idea_id: int, person_id: int, now: datetime) -> bool:
        insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        result = await self.session.execute(
            insert(IdeaSupport)
            .values(idea_id=idea_id, person_id=person_id, created_at=now)
            .on_conflict_do_nothing()
        )
        return bool(getattr(result, "rowcount", 0))

    async def set_status(
        self, idea_id: int, status: IdeaStatus, merged_into: int | None = None
    ) -> None:
        await self.session.execute(
            update(IdeaRow)
            .where(IdeaRow.id == idea_id)
            .values(status=status.value, merged_into=merged_into)
        )

    async def move_supporters(self, from_idea: int, to_idea: int) -> None:
        already = select(IdeaSupport.person_id).where(IdeaSupport.idea_id == to_idea)
        await self.session.execute(
            update(IdeaSupport)
            .where(IdeaSupport.idea_id == from_idea, IdeaSupport.person_id.not_in(already))
            .values(idea_id=to_idea)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(delete(IdeaSupport).where(IdeaSupport.idea_id == from_idea))

    async def merge_people(self, keep: int, gone: int) -> None:
        already = select(IdeaSupport.idea_id).where(IdeaSupport.person_id == keep)
        await self.session.execute(
            update(IdeaSupport)
            .where(IdeaSupport.person_id == gone, IdeaSupport.idea_id.not_in(already))
            .values(person_id=keep)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(delete(IdeaSupport).where(IdeaSupport.person_id == gone))
        await self.session.execute(
            update(IdeaRow).where(IdeaRow.author_person_id == gone).values(author_person_id=keep)
        )

    async def by_author(self, person_id: int) -> list[Idea]:
        rows = await self.session.execute(
            _with_support().where(IdeaRow.author_person_id == person_id).order_by(IdeaRow.id)
        )
        return [_idea(row, support) for row, support in rows]

    async def supported_by(self, person_id: int) -> list[Idea]:
        mine = select(IdeaSupport.idea_id).where(IdeaSupport.person_id == person_id)
        rows = await self.session.execute(
            _with_support().where(IdeaRow.id.in_(mine)).order_by(IdeaRow.id)
        )
        return [_idea(row, support) for row, support in rows]

    async def remove_supports(self, person_id: int) -> int:
        result = await self.session.execute(
            delete(IdeaSupport).where(IdeaSupport.person_id == person_id)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def erase_author(self, idea_id: int) -> None:
        await self.session.execute(
            update(IdeaRow).where(IdeaRow.id == idea_id).values(author_person_id=None)
        )

    async def delete(self, idea_id: int) -> None:
        await self.session.execute(
            update(IdeaRow).where(IdeaRow.merged_into == idea_id).values(merged_into=None)
        )
        await self.session.execute(delete(IdeaSupport).where(IdeaSupport.idea_id == idea_id))
        await self.session.execute(delete(IdeaRow).where(IdeaRow.id == idea_id))

    @property
    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name
