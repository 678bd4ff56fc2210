"""Members' reports to the officers: what they reported and why (the reporter's data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.stores import StoreKey


@dataclass(slots=True)
class Report:
    reporter_person_id: int
    subject_kind: str
    """What kind of thing: "idea", "comment", "event", "poll", "post"..."""
    subject_ref: str
    """Which one, as the member named it (an idea's number)."""
    reason: str
    created_at: datetime
    id: int | None = None


class ReportStore(Protocol):
    async def add(self, report: Report) -> Report: ...

    async def by_reporter(self, person_id: int) -> list[Report]:
        """The person's reports, oldest first."""
        ...

    async def erase_reporter(self, person_id: int) -> int:
        """Delete the person's reports; how many there were."""
        ...

    async def merge_people(self, keep: int, gone: int) -> None:
        """Person `gone` became `keep` (/link): their reports move."""
        ...


REPORTS: StoreKey[ReportStore] = StoreKey("reports")
