"""SQL implementation of `bot.stores.submissions.SubmissionStore`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, case, delete, exists, func, select, union, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Identity
from bot.stores.submissions import (
    CoAuthor,
    Draft,
    HistoryEntry,
    Kind,
    ProgressCount,
    Status,
)
from storage.models.submissions import SubmissionCoauthorRow, SubmissionHistoryRow, SubmissionRow


class SqlSubmissionStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._coauthors: dict[int, list[CoAuthor]] = {}
        """Co-authors as last read or written in this unit: `update` rewrites them only
        when they changed."""

    async def add(self, draft: Draft) -> Draft:
        row = SubmissionRow(
            author_platform=draft.author.platform,
            author_user_id=draft.author.user_id,
            created_at=draft.created_at,
        )
        _fill(row, draft)
        self.session.add(row)
        await self.session.flush()
        draft.id = row.id
        await self._set_coauthors(row.id, draft.coauthors)
        return draft

    async def update(self, draft: Draft) -> None:
        if draft.id is None:
            raise ValueError("update() needs a draft that was added")
        # one UPDATE (no read first); rows of this draft already loaded are kept in step
        result = await self.session.execute(
            update(SubmissionRow).where(SubmissionRow.id == draft.id).values(**_columns(draft))
        )
        if not getattr(result, "rowcount", 0):
            raise LookupError(f"no draft {draft.id}")
        if self._coauthors.get(draft.id) != draft.coauthors:
            await self._set_coauthors(draft.id, draft.coauthors)

    async def get(self, draft_id: int) -> Draft | None:
        """One query: the draft with its co-authors (a row per co-author)."""
        found = (
            await self.session.execute(
                select(SubmissionRow, SubmissionCoauthorRow)
                .outerjoin(
                    SubmissionCoauthorRow, SubmissionCoauthorRow.submission_id == SubmissionRow.id
                )
                .where(SubmissionRow.id == draft_id)
                .order_by(SubmissionCoauthorRow.position)
            )
        ).all()
        if not found:
            return None
        coauthors = [_coauthor(row) for _, row in found if row is not None]
        self._coauthors[draft_id] = list(coauthors)
        return _draft(found[0][0], coauthors)

    async def delete(self, draft_id: int) -> None:
        self._coauthors.pop(draft_id, None)
        for table in (SubmissionCoauthorRow, SubmissionHistoryRow):
            await self.session.execute(delete(table).where(table.submission_id == draft_id))
        await self.session.execute(delete(SubmissionRow).where(SubmissionRow.id == draft_id))

    async def latest_unfinished(self, author: Identity) -> Draft | None:
        row = await self.session.scalar(
            _by_author(author)
            .where(SubmissionRow.status.in_([Status.DRAFT.value, Status.RETURNED.value]))
            .order_by(SubmissionRow.updated_at.desc(), SubmissionRow.id.desc())
            .limit(1)
        )
        return None if row is None else (await self._drafts([row]))[0]

    async def visible_to(self, member: Identity) -> list[Draft]:
        # two index lookups joined by UNION: an OR with EXISTS would scan every draft
        mine = select(SubmissionRow.id).where(
            SubmissionRow.author_platform == member.platform,
            SubmissionRow.author_user_id == member.user_id,
        )
        shared = select(SubmissionCoauthorRow.submission_id).where(
            SubmissionCoauthorRow.platform == member.platform,
            SubmissionCoauthorRow.user_id == member.user_id,
            SubmissionCoauthorRow.accepted.is_(True),
        )
        rows = await self.session.scalars(
            select(SubmissionRow)
            .where(SubmissionRow.id.in_(union(mine, shared)))
            .order_by(SubmissionRow.updated_at.desc(), SubmissionRow.id.desc())
        )
        return await self._drafts(list(rows))

    async def invitations(self, member: Identity) -> list[Draft]:
        rows = await self.session.scalars(
            select(SubmissionRow)
            .where(_coauthored_by(member, accepted=False))
            .order_by(SubmissionRow.updated_at.desc(), SubmissionRow.id.desc())
        )
        return await self._drafts(list(rows))

    async def with_status(self, *statuses: Status) -> list[Draft]:
        query = select(SubmissionRow).order_by(SubmissionRow.id)
        if statuses:
            query = query.where(SubmissionRow.status.in_([s.value for s in statuses]))
        return await self._drafts(list(await self.session.scalars(query)))

    async def count_with_status(self, statuses: Sequence[Status]) -> int:
        wanted = SubmissionRow.status.in_([s.value for s in statuses])
        query = select(func.count()).select_from(SubmissionRow).where(wanted)
        return int(await self.session.scalar(query) or 0)

    async def with_status_page(
        self, statuses: Sequence[Status], offset: int, limit: int
    ) -> list[Draft]:
        query = (
            select(SubmissionRow)
            .where(SubmissionRow.status.in_([s.value for s in statuses]))
            .order_by(SubmissionRow.id)
            .offset(offset)
            .limit(limit)
        )
        return await self._drafts(list(await self.session.scalars(query)))

    async def progress_counts(
        self, start: datetime, end: datetime, first: date, last: date
    ) -> list[ProgressCount]:
        def within(column: ColumnElement[Any]) -> ColumnElement[int]:
            return func.coalesce(func.sum(case((column, 1), else_=0)), 0)

        row = SubmissionRow
        rows = await self.session.execute(
            select(
                row.status,
                row.kind,
                func.count(),
                within((row.created_at >= start) & (row.created_at < end)),
                within(row.forum_submitted_on.between(first, last)),
                within(row.decided_on.between(first, last)),
                within(row.sent_on.between(first, last)),
            )
            .group_by(row.status, row.kind)
            .order_by(row.status, row.kind)
        )
        return [
            ProgressCount(Status(status), Kind(kind) if kind else None, *map(int, counts))
            for status, kind, *counts in rows
        ]

    async def record(self, entry: HistoryEntry) -> None:
        self.session.add(
            SubmissionHistoryRow(
                submission_id=entry.draft_id,
                actor_name=entry.actor_name,
                actor_key=entry.actor_key,
                action=entry.action,
                comment=entry.comment,
                at=entry.at,
            )
        )
        await self.session.flush()

    async def history(self, draft_id: int) -> list[HistoryEntry]:
        rows = await self.session.scalars(
            select(SubmissionHistoryRow)
            .where(SubmissionHistoryRow.submission_id == draft_id)
            .order_by(SubmissionHistoryRow.at, SubmissionHistoryRow.id)
        )
        return [_entry(row) for row in rows]

    async def authored_by(self, author: Identity) -> list[Draft]:
        rows = await self.session.scalars(_by_author(author).order_by(SubmissionRow.id))
        return await self._drafts(list(rows))

    async def history_by(self, actor_keys: set[str]) -> list[HistoryEntry]:
        if not actor_keys:
            return []
        rows = await self.session.scalars(
            select(SubmissionHistoryRow)
            .where(SubmissionHistoryRow.actor_key.in_(actor_keys))
            .order_by(SubmissionHistoryRow.at, SubmissionHistoryRow.id)
        )
        return [_entry(row) for row in rows]

    async def erase_author(self, draft_id: int, name: str, actor_keys: set[str]) -> None:
        self._coauthors.pop(draft_id, None)
        await self.session.execute(
            update(SubmissionRow)
            .where(SubmissionRow.id == draft_id)
            .values(
                author_platform="",
                author_user_id="",
                author_name=name,
                author_chat_id=None,
                show_name=False,
                step=None,
            )
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(
            delete(SubmissionCoauthorRow).where(SubmissionCoauthorRow.submission_id == draft_id)
        )
        if actor_keys:
            await self.session.execute(
                update(SubmissionHistoryRow)
                .where(
                    SubmissionHistoryRow.submission_id == draft_id,
                    SubmissionHistoryRow.actor_key.in_(actor_keys),
                )
                .values(actor_name=name, actor_key="")
                .execution_options(synchronize_session=False)
            )
        self.session.expire_all()

    async def remove_coauthor(self, who: Identity) -> list[int]:
        rows = list(
            await self.session.scalars(
                select(SubmissionCoauthorRow)
                .join(SubmissionRow, SubmissionRow.id == SubmissionCoauthorRow.submission_id)
                .where(
                    SubmissionCoauthorRow.platform == who.platform,
                    SubmissionCoauthorRow.user_id == who.user_id,
                )
            )
        )
        for row in rows:
            self._coauthors.pop(row.submission_id, None)
            await self.session.delete(row)
        await self.session.flush()
        return sorted({row.submission_id for row in rows})

    async def delete_untouched(self, statuses: set[Status], before: datetime) -> list[Draft]:
        rows = await self.session.scalars(
            select(SubmissionRow)
            .where(
                SubmissionRow.status.in_([s.value for s in statuses]),
                SubmissionRow.updated_at < before,
            )
            .order_by(SubmissionRow.id)
        )
        drafts = await self._drafts(list(rows))
        for draft in drafts:
            assert draft.id is not None
            await self.delete(draft.id)
        return drafts

    async def _set_coauthors(self, draft_id: int, coauthors: list[CoAuthor]) -> None:
        await self.session.execute(
            delete(SubmissionCoauthorRow).where(SubmissionCoauthorRow.submission_id == draft_id)
        )
        for position, coauthor in enumerate(coauthors):
            self.session.add(
                SubmissionCoauthorRow(
                    submission_id=draft_id,
                    position=position,
                    platform=coauthor.person.platform,
                    user_id=coauthor.person.user_id,
                    name=coauthor.person.display_name,
                    accepted=coauthor.accepted,
                )
            )
        await self.session.flush()
        self._coauthors[draft_id] = list(coauthors)

    async def _drafts(self, rows: list[SubmissionRow]) -> list[Draft]:
        found: dict[int, list[CoAuthor]] = {row.id: [] for row in rows}
        if rows:
            coauthors = await self.session.scalars(
                select(SubmissionCoauthorRow)
                .where(SubmissionCoauthorRow.submission_id.in_(list(found)))
                .order_by(SubmissionCoauthorRow.position)
            )
            for coauthor in coauthors:
                found[coauthor.submission_id].append(_coauthor(coauthor))
        self._coauthors.update((draft_id, list(them)) for draft_id, them in found.items())
        return [_draft(row, found[row.id]) for row in rows]


def _coauthored_by(member: Identity, *, accepted: bool) -> ColumnElement[bool]:
    return exists().where(
        SubmissionCoauthorRow.submission_id == SubmissionRow.id,
        SubmissionCoauthorRow.platform == member.platform,
        SubmissionCoauthorRow.user_id == member.user_id,
        SubmissionCoauthorRow.accepted.is_(accepted),
    )


def _coauthor(row: SubmissionCoauthorRow) -> CoAuthor:
    return CoAuthor(Identity(row.platform, row.user_id, row.name), row.accepted)


def _entry(row: SubmissionHistoryRow) -> HistoryEntry:
    return HistoryEntry(
        draft_id=row.submission_id,
        actor_name=row.actor_name,
        actor_key=row.actor_key,
        action=row.action,
        at=row.at,
        comment=row.comment,
    )


def _by_author(author: Identity) -> Select[SubmissionRow]:
    return select(SubmissionRow).where(
        SubmissionRow.author_platform == author.platform,
        SubmissionRow.author_user_id == author.user_id,
    )


def _fill(row: SubmissionRow, draft: Draft) -> None:
    for name, value in _columns(draft).items():
        setattr(row, name, value)


def _columns(draft: Draft) -> dict[str, Any]:
    """The columns a draft's changes are saved in (its author and creation never change)."""
    consultation = draft.fields.get("consultation_id")
    return {
        "author_name": draft.author.display_name,
        "author_chat_id": draft.author_chat_id,
        "kind": draft.kind.value if draft.kind else None,
        "status": draft.status.value,
        "fields": dict(draft.fields),
        "show_name": draft.show_name,
        "step": draft.step,
        "consultation_id": consultation if isinstance(consultation, int) else None,
        "forum_submitted_on": draft.forum_submitted_on,
        "meeting_on": draft.meeting_on,
        "decided_on": draft.decided_on,
        "sent_on": draft.sent_on,
        "updated_at": draft.updated_at,
    }


def _draft(row: SubmissionRow, coauthors: list[CoAuthor]) -> Draft:
    return Draft(
        id=row.id,
        author=Identity(row.author_platform, row.author_user_id, row.author_name),
        author_chat_id=row.author_chat_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        kind=Kind(row.kind) if row.kind else None,
        status=Status(row.status),
        fields=dict(row.fields),
        coauthors=coauthors,
        show_name=row.show_name,
        step=row.step,
        forum_submitted_on=row.forum_submitted_on,
        meeting_on=row.meeting_on,
        decided_on=row.decided_on,
        sent_on=row.sent_on,
    )
