"""NPF consultations: from the configured feeds and added by officers.

`open_consultations` and `add` are what /submit needs; keep them stable. A removed
consultation stays in the table (drafts may refer to it, and a feed must not bring it
back), marked with `removed_at`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.stores import StoreKey


@dataclass(frozen=True, slots=True)
class Consultation:
    id: int
    title: str
    commission: str | None
    """None: not tied to one policy commission (offered for every commission)."""
    url: str
    opens_at: datetime | None
    closes_at: datetime | None
    summary: str = ""
    source: str = ""
    """The feed URL it came from; empty when an officer added it."""
    feed_key: str | None = None
    """What de-duplicates feed entries: a hash of the entry's guid, or of its link."""
    created_at: datetime | None = None
    removed_at: datetime | None = None
    open_until: datetime | None = None
    """With no closing date (a feed that gives none): it counts as open until then."""

    @property
    def open_end(self) -> datetime | None:
        """When it stops being open: its closing date, else the assumed end, else never."""
        return self.closes_at or self.open_until

    def is_open(self, now: datetime) -> bool:
        started = self.opens_at is None or self.opens_at <= now
        alive = self.removed_at is None
        return alive and started and (self.open_end is None or now < self.open_end)


@dataclass(frozen=True, slots=True)
class NewConsultation:
    """A consultation to insert in bulk (a feed's new entries)."""

    title: str
    url: str
    summary: str = ""
    commission: str | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    source: str = ""
    feed_key: str | None = None
    open_until: datetime | None = None


class ConsultationStore(Protocol):
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
    ) -> Consultation: ...

    async def get(self, consultation_id: int) -> Consultation | None:
        """The consultation, also when removed (check `removed_at`)."""
        ...

    async def open_consultations(
        self, now: datetime, commission: str | None = None
    ) -> list[Consultation]:
        """Open at `now`, soonest closing first; for a commission, its own and general ones."""
        ...

    async def count_open(self, now: datetime) -> int:
        """How many are open at `now` (as `open_consultations` without a commission)."""
        ...

    async def open_page(self, now: datetime, offset: int, limit: int) -> list[Consultation]:
        """One page of `open_consultations(now)`, in the same order."""
        ...

    async def update(self, consultation: Consultation) -> None:
        """Save an edited consultation (title, commission, url, dates, summary)."""
        ...

    async def remove(self, consultation_id: int, now: datetime) -> bool:
        """Mark it removed; False if there is no such (live) consultation."""
        ...

    async def known_feed_keys(self, keys: Sequence[str]) -> set[str]:
        """Which of `keys` are already in the table (removed ones included)."""
        ...

    async def add_many(self, items: Sequence[NewConsultation], now: datetime) -> list[Consultation]:
        """Insert in bulk (one executemany); returns them with ids, in the given order."""
        ...

    async def created_between(self, start: datetime, end: datetime) -> list[Consultation]:
        """Live consultations added in [start, end), oldest first."""
        ...

    async def closing_between(self, start: datetime, end: datetime) -> list[Consultation]:
        """Live consultations closing in [start, end), soonest first."""
        ...

    async def with_close_dates(self, after: datetime) -> list[Consultation]:
        """Live consultations that close after `after` (for rebuilding reminders)."""
        ...

    async def draft_counts(self, consultation_ids: Sequence[int]) -> dict[int, int]:
        """How many drafts (not withdrawn) members have started for each consultation."""
        ...

    async def week(
        self, start: datetime, end: datetime, now: datetime, closing_by: datetime
    ) -> ConsultationWeek:
        """The digest's view in one query: `created_between(start, end)`,
        `closing_between(now, closing_by)`, how many are open at `now`, and `draft_counts`
        of the first two."""
        ...


@dataclass(frozen=True, slots=True)
class ConsultationWeek:
    new: list[Consultation]
    closing: list[Consultation]
    open_count: int
    drafts: dict[int, int]
    """Consultation id -> drafts started, for every consultation in `new` and `closing`."""


CONSULTATIONS: StoreKey[ConsultationStore] = StoreKey("consultations")
