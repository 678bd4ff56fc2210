"""One page of our upcoming events, in order of their next start, without reading them all.

One-off events are paged in SQL (by start, then number). A repeating event's next start is
worked out in Python (from now, not from the first start), so the repeating series still
running (few: a weekly branch meeting, a monthly talk; those past their end date or count
are left out in SQL) are read whole and merged in. With R repeating series, page rows from
`offset` are among the one-offs from `offset - R` on, so reading `limit + R` one-offs from
there (and a COUNT) is enough to place every row of the page exactly.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.stores import UnitOfWork
from bot.stores.events import EVENTS, Event
from commands.events.occurrences import next_start

Dated = tuple[datetime, Event]


def _key(item: Dated) -> tuple[datetime, int]:
    return item[0], item[1].id or 0


class OurEvents:
    """Our events that have not finished at `now`, by next start: `total`, then `page`."""

    def __init__(self, uow: UnitOfWork, repeating: list[Dated], one_offs: int, now: datetime):
        self._uow, self._repeating, self._now = uow, repeating, now
        self.total = one_offs + len(repeating)

    @classmethod
    async def load(cls, uow: UnitOfWork, zone: ZoneInfo, now: datetime) -> OurEvents:
        store = uow.get(EVENTS)
        repeating = sorted(
            (
                (start, event)
                for event in await store.repeating(now)
                if (start := next_start(event, zone, now)) is not None
            ),
            key=_key,
        )
        return cls(uow, repeating, await store.count_one_offs(now), now)

    async def page(self, offset: int, limit: int) -> list[Dated]:
        """Rows [offset, offset + limit) by next start."""
        if limit <= 0 or offset >= self.total:
            return []
        repeating = self._repeating
        first = max(0, offset - len(repeating))
        found = await self._uow.get(EVENTS).one_offs_page(self._now, first, limit + len(repeating))
        window = [(e.starts_at, e) for e in found]
        if first == 0 or not window:
            known, base = repeating, 0
        else:
            start = _key(window[0])
            known = [r for r in repeating if _key(r) >= start]
            base = first + len(repeating) - len(known)
        merged = sorted([*known, *window], key=_key)
        return merged[offset - base : offset - base + limit]
