"""SQL implementation of the schedule (the outbox is in storage/repos/outbox.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, and_, delete, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.stores.scheduling import JobState, ScheduledJob
from storage.models.scheduling import ScheduledJobRow
from storage.repos.outbox import SqlOutboxStore

__all__ = ["SqlOutboxStore", "SqlScheduleStore"]


def _job(row: ScheduledJobRow | Row[Any]) -> ScheduledJob:
    return ScheduledJob(
        kind=row.kind,
        due_at=row.due_at,
        ref=row.ref,
        payload=dict(row.payload),
        recurrence=dict(row.recurrence) if row.recurrence else None,
        state=JobState(row.state),
        id=row.id,
        last_run_at=row.last_run_at,
    )


class SqlScheduleStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, job: ScheduledJob) -> ScheduledJob:
        row = ScheduledJobRow(
            kind=job.kind,
            ref=job.ref,
            due_at=job.due_at,
            recurrence=job.recurrence,
            payload=job.payload,
            state=job.state.value,
        )
        self.session.add(row)
        await self.session.flush()
        job.id = row.id
        return job

    async def get(self, job_id: int) -> ScheduledJob | None:
        row = await self.session.get(ScheduledJobRow, job_id)
        return _job(row) if row else None

    async def pending(self, after_id: int = 0) -> list[ScheduledJob]:
        query = select(ScheduledJobRow).where(
            ScheduledJobRow.state == JobState.PENDING.value, ScheduledJobRow.id > after_id
        )
        rows = await self.session.scalars(query.order_by(ScheduledJobRow.due_at))
        return [_job(row) for row in rows]

    async def for_ref(self, kind: str, ref: str) -> list[ScheduledJob]:
        rows = await self.session.scalars(
            select(ScheduledJobRow)
            .where(ScheduledJobRow.kind == kind, ScheduledJobRow.ref == ref)
            .order_by(ScheduledJobRow.id)
        )
        return [_job(row) for row in rows]

    async def due(
        self, now: datetime, limit: int, after: tuple[datetime, int] | None = None
    ) -> list[ScheduledJob]:
        # Plain rows, not ORM objects: the claim that follows updates them in the database,
        # and stale copies left in the session could mislead a handler that reads them.
        query = select(ScheduledJobRow.__table__).where(
            ScheduledJobRow.state == JobState.PENDING.value, ScheduledJobRow.due_at <= now
        )
        if after is not None:
            due_at, job_id = after
            query = query.where(
                or_(
                    ScheduledJobRow.due_at > due_at,
                    and_(ScheduledJobRow.due_at == due_at, ScheduledJobRow.id > job_id),
                )
            )
        rows = await self.session.execute(
            query.order_by(ScheduledJobRow.due_at, ScheduledJobRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)  # PostgreSQL; SQLite renders nothing
        )
        return [_job(row) for row in rows]

    async def claim_all(
        self, moves: Sequence[tuple[datetime, ScheduledJob]], now: datetime
    ) -> set[int]:
        """One conditional UPDATE ... RETURNING per distinct outcome: all the one-offs that
        are now done take one statement, recurring jobs one per next due time."""
        outcomes: defaultdict[tuple[JobState, datetime | None], list[tuple[int, datetime]]]
        outcomes = defaultdict(list)
        for was_due, job in moves:
            assert job.id is not None
            moved_to = None if job.due_at == was_due else job.due_at
            outcomes[job.state, moved_to].append((job.id, was_due))
        claimed: set[int] = set()
        for (state, moved_to), occurrences in outcomes.items():
            values = {"state": state.value, "last_run_at": now}
            if moved_to is not None:
                values["due_at"] = moved_to
            ids = await self.session.scalars(
                update(ScheduledJobRow)
                .where(
                    ScheduledJobRow.state == JobState.PENDING.value,
                    tuple_(ScheduledJobRow.id, ScheduledJobRow.due_at).in_(occurrences),
                )
                .values(values)
                .returning(ScheduledJobRow.id)
                .execution_options(synchronize_session=False)
            )
            claimed.update(ids)
        return claimed

    async def unclaim(self, job: ScheduledJob) -> None:
        assert job.id is not None
        await self.session.execute(
            update(ScheduledJobRow)
            .where(ScheduledJobRow.id == job.id)
            .values(due_at=job.due_at, state=JobState.PENDING.value, last_run_at=job.last_run_at)
            .execution_options(synchronize_session=False)
        )

    async def set_state(self, job_id: int, state: JobState) -> None:
        await self.session.execute(
            update(ScheduledJobRow).where(ScheduledJobRow.id == job_id).values(state=state.value)
        )

    async def delete_finished_before(self, cutoff: datetime) -> int:
        result = await self.session.execute(
            delete(ScheduledJobRow).where(
                ScheduledJobRow.state != JobState.PENDING.value, ScheduledJobRow.due_at < cutoff
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)
