"""SQL implementation of `bot.stores.consultations.ConsultationStore`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Table, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.stores.consultations import Consultation, ConsultationWeek, NewConsultation
from bot.stores.submissions import Status
from storage.models.consultations import ConsultationRow
from storage.models.submissions import SubmissionRow

CHUNK = 500
"""Keys per IN (...) query: far below SQLite's and asyncpg's parameter limits."""

LIVE = ConsultationRow.removed_at.is_(None)


OPEN_END = func.coalesce(ConsultationRow.closes_at, ConsultationRow.open_until)
"""When a consultation stops being open: its closing date, else its assumed end."""


def _open_at(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        LIVE,
        or_(ConsultationRow.opens_at.is_(None), ConsultationRow.opens_at <= now),
        or_(OPEN_END.is_(None), now < OPEN_END),
    )


class SqlConsultationStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        title: str,
        *,
        commission: str | None = None,
        url: str = "",
        opens_at: datetime | None = None,
        closes_at: datetime | None = None,
        summary: str = "",
        created_at: datetime | None = None,
    ) -> Consultation:
        row = ConsultationRow(
            title=title,
            commission=commission,
            url=url,
            opens_at=opens_at,
            closes_at=closes_at,
            summary=summary,
            source="",
            created_at=created_at,
        )
        self.session.add(row)
        await self.session.flush()
        return _consultation(row)

    async def get(self, consultation_id: int) -> Consultation | None:
        row = await self.session.get(ConsultationRow, consultation_id)
        return None if row is None else _consultation(row)

    async def open_consultations(
        self, now: datetime, commission: str | None = None
    ) -> list[Consultation]:
        query = select(ConsultationRow).where(
            LIVE,
            or_(ConsultationRow.opens_at.is_(None), ConsultationRow.opens_at <= now),
            or_(OPEN_END.is_(None), now < OPEN_END),
        )
        if commission is not None:
            query = query.where(
                or_(ConsultationRow.commission.is_(None), ConsultationRow.commission == commission)
            )
        rows = (await self.session.scalars(query.order_by(ConsultationRow.id))).all()
        found = [_consultation(row) for row in rows]
        return sorted(found, key=lambda c: (c.closes_at is None, c.closes_at or now, c.id))

    async def count_open(self, now: datetime) -> int:
        query = select(func.count()).select_from(ConsultationRow).where(*_open_at(now))
        return int(await self.session.scalar(query) or 0)

    async def open_page(self, now: datetime, offset: int, limit: int) -> list[Consultation]:
        closes = ConsultationRow.closes_at
        query = (
            select(ConsultationRow)
            .where(*_open_at(now))
            .order_by(closes.is_(None), closes, ConsultationRow.id)
            .offset(offset)
            .limit(limit)
        )
        return [_consultation(row) for row in await self.session.scalars(query)]

    async def update(self, consultation: Consultation) -> None:
        await self.session.execute(
            update(ConsultationRow)
            .where(ConsultationRow.id == consultation.id)
            .values(
                title=consultation.title,
                commission=consultation.commission,
                url=consultation.url,
                opens_at=consultation.opens_at,
                closes_at=consultation.closes_at,
                summary=consultation.summary,
            )
            .execution_options(synchronize_session="fetch")
        )

    async def remove(self, consultation_id: int, now: datetime) -> bool:
        result = await self.session.execute(
            update(ConsultationRow)
            .where(ConsultationRow.id == consultation_id, LIVE)
            .values(removed_at=now)
            .execution_options(synchronize_session="fetch")
        )
        return bool(getattr(result, "rowcount", 0))

    async def known_feed_keys(self, keys: Sequence[str]) -> set[str]:
        known: set[str] = set()
        unique = list(dict.fromkeys(keys))
        for at in range(0, len(unique), CHUNK):
            chunk = unique[at : at + CHUNK]
            found = await self.session.scalars(
                select(ConsultationRow.feed_key).where(ConsultationRow.feed_key.in_(chunk))
            )
            known.update(key for key in found if key is not None)
        return known

    async def add_many(self, items: Sequence[NewConsultation], now: datetime) -> list[Consultation]:
        if not items:
            return []
        rows: list[dict[str, Any]] = [
            {
                "title": item.title,
                "commission": item.commission,
                "url": item.url,
                "opens_at": item.opens_at,
                "closes_at": item.closes_at,
                "open_until": item.open_until,
                "summary": item.summary,
                "source": item.source,
                "feed_key": item.feed_key,
                "created_at": now,
            }
            for item in items
        ]
        # one executemany (Core), then read the rows back (Core rows: no ORM instances);
        # an INSERT ... RETURNING is slower here: it is sent in pages of multi-row VALUES
        table: Table = ConsultationRow.__table__  # type: ignore[assignment]
        await self.session.execute(insert(table), rows)  # the Table: no ORM bulk bookkeeping
        keyed = [item.feed_key for item in items if item.feed_key is not None]
        by_key: dict[str, Consultation] = {}
        for at in range(0, len(keyed), CHUNK):
            found = await self.session.execute(
                select(table).where(table.c.feed_key.in_(keyed[at : at + CHUNK]))
            )
            by_key.update((row.feed_key or "", _consultation(row)) for row in found)
        return [by_key[key] for key in keyed if key in by_key]

    async def created_between(self, start: datetime, end: datetime) -> list[Consultation]:
        rows = await self.session.scalars(
            select(ConsultationRow)
            .where(LIVE, ConsultationRow.created_at >= start, ConsultationRow.created_at < end)
            .order_by(ConsultationRow.created_at, ConsultationRow.id)
        )
        return [_consultation(row) for row in rows]

    async def closing_between(self, start: datetime, end: datetime) -> list[Consultation]:
        rows = await self.session.scalars(
            select(ConsultationRow)
            .where(LIVE, ConsultationRow.closes_at >= start, ConsultationRow.closes_at < end)
            .order_by(ConsultationRow.closes_at, ConsultationRow.id)
        )
        return [_consultation(row) for row in rows]

    async def with_close_dates(self, after: datetime) -> list[Consultation]:
        rows = await self.session.scalars(
            select(ConsultationRow)
            .where(LIVE, ConsultationRow.closes_at > after)
            .order_by(ConsultationRow.closes_at, ConsultationRow.id)
        )
        return [_consultation(row) for row in rows]

    async def draft_counts(self, consultation_ids: Sequence[int]) -> dict[int, int]:
        counts = {cid: 0 for cid in consultation_ids}
        ids = list(counts)
        for at in range(0, len(ids), CHUNK):
            found = await self.session.execute(
                select(SubmissionRow.consultation_id, func.count(SubmissionRow.id))
                .where(
                    SubmissionRow.consultation_id.in_(ids[at : at + CHUNK]),
                    SubmissionRow.status != Status.WITHDRAWN.value,
                )
                .group_by(SubmissionRow.consultation_id)
            )
            for consultation_id, count in found:
                if consultation_id is not None:
                    counts[consultation_id] = count
        return counts

    async def week(
        self, start: datetime, end: datetime, now: datetime, closing_by: datetime
    ) -> ConsultationWeek:
        table: Table = ConsultationRow.__table__  # type: ignore[assignment]
        drafts = (
            select(SubmissionRow.consultation_id.label("cid"), func.count().label("drafts"))
            .where(SubmissionRow.status != Status.WITHDRAWN.value)
            .group_by(SubmissionRow.consultation_id)
            .subquery()
        )
        created, closes, opens = table.c.created_at, table.c.closes_at, table.c.opens_at
        open_end = func.coalesce(closes, table.c.open_until)
        is_open = or_(opens.is_(None), opens <= now) & or_(open_end.is_(None), open_end > now)
        rows = await self.session.execute(
            select(table, func.coalesce(drafts.c.drafts, 0).label("draft_count"))
            .outerjoin(drafts, drafts.c.cid == table.c.id)
            .where(
                table.c.removed_at.is_(None),
                or_(
                    (created >= start) & (created < end),
                    (closes >= now) & (closes < closing_by),
                    is_open,
                ),
            )
        )
        new: list[Consultation] = []
        closing: list[Consultation] = []
        open_count = 0
        counts: dict[int, int] = {}
        for row in rows:
            c = _consultation(row)
            if c.created_at is not None and start <= c.created_at < end:
                new.append(c)
                counts[c.id] = row.draft_count
            if c.closes_at is not None and now <= c.closes_at < closing_by:
                closing.append(c)
                counts[c.id] = row.draft_count
            open_count += c.is_open(now)
        new.sort(key=lambda c: (c.created_at, c.id))
        closing.sort(key=lambda c: (c.closes_at, c.id))
        return ConsultationWeek(new, closing, open_count, counts)


def _consultation(row: ConsultationRow | Row[Any]) -> Consultation:
    return Consultation(
        id=row.id,
        title=row.title,
        commission=row.commission,
        url=row.url,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        summary=row.summary,
        source=row.source,
        feed_key=row.feed_key,
        created_at=row.created_at,
        removed_at=row.removed_at,
        open_until=row.open_until,
    )
