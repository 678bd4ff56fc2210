"""SQL implementation of members' reports."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.stores.reports import Report
from storage.models.reports import ReportRow


def _report(row: ReportRow) -> Report:
    return Report(
        reporter_person_id=row.reporter_person_id,
        subject_kind=row.subject_kind,
        subject_ref=row.subject_ref,
        reason=row.reason,
        created_at=row.created_at,
        id=row.id,
    )


class SqlReportStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, report: Report) -> Report:
        row = ReportRow(
            reporter_person_id=report.reporter_person_id,
            subject_kind=report.subject_kind,
            subject_ref=report.subject_ref,
            reason=report.reason,
            created_at=report.created_at,
        )
        self.session.add(row)
        await self.session.flush()
        report.id = row.id
        return report

    async def by_reporter(self, person_id: int) -> list[Report]:
        rows = await self.session.scalars(
            select(ReportRow)
            .where(ReportRow.reporter_person_id == person_id)
            .order_by(ReportRow.id)
        )
        return [_report(row) for row in rows]

    async def erase_reporter(self, person_id: int) -> int:
        result = await self.session.execute(
            delete(ReportRow).where(ReportRow.reporter_person_id == person_id)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def merge_people(self, keep: int, gone: int) -> None:
        await self.session.execute(
            update(ReportRow)
            .where(ReportRow.reporter_person_id == gone)
            .values(reporter_person_id=keep)
        )
