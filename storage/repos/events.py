"""The SQL event store: events, replies (RSVPs), waiting lists and access needs.

Announcements are in storage/repos/announcements.py, neighbouring CLPs' events in
storage/repos/neighbours.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Identity
from bot.stores.events import (
    Cancellation,
    Event,
    EventType,
    Repeat,
    Rsvp,
    RsvpOutcome,
    RsvpStatus,
)
from storage.models.events import EventRow, RsvpRow
from storage.repos.series import series_ends_by

ACTIVE = (RsvpStatus.GOING.value, RsvpStatus.WAITING.value, RsvpStatus.MAYBE.value)


def _one_offs(ends_after: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        EventRow.cancelled.is_(False),
        EventRow.repeat.is_(None),
        EventRow.ends_at > ends_after,
    )


def _series_on(at: datetime) -> tuple[ColumnElement[bool], ...]:
    """Repeating series not cancelled that may still have an occurrence on at `at`."""
    return (
        EventRow.cancelled.is_(False),
        EventRow.repeat.is_not(None),
        or_(EventRow.series_ends_by.is_(None), EventRow.series_ends_by > at),
    )


def _event(row: EventRow) -> Event:
    return Event(
        title=row.title,
        type=EventType(row.type),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        place=row.place,
        online_url=row.online_url,
        speaker=row.speaker,
        description=row.description,
        capacity=row.capacity,
        repeat=Repeat(row.repeat) if row.repeat else None,
        repeat_until=row.repeat_until,
        repeat_count=row.repeat_count,
        cancelled=row.cancelled,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        id=row.id,
    )


def _fill(row: EventRow, event: Event) -> None:
    row.title = event.title
    row.type = event.type.value
    row.starts_at = event.starts_at
    row.ends_at = event.ends_at
    row.place = event.place
    row.online_url = event.online_url
    row.speaker = event.speaker
    row.description = event.description
    row.capacity = event.capacity
    row.repeat = event.repeat.value if event.repeat else None
    row.repeat_until = event.repeat_until
    row.repeat_count = event.repeat_count
    row.series_ends_by = series_ends_by(
        row.repeat, event.starts_at, event.ends_at, event.repeat_until, event.repeat_count
    )
    row.cancelled = event.cancelled


def _rsvp(row: RsvpRow) -> Rsvp:
    return Rsvp(
        event_id=row.event_id,
        member=Identity(row.platform, row.user_id, row.display_name),
        status=RsvpStatus(row.status),
        seq=row.seq,
        access_needs=row.access_needs,
        created_at=row.created_at,
        occurrence=datetime.fromisoformat(row.occurrence) if row.occurrence else None,
    )


class SqlEventStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, event: Event) -> Event:
        now = event.created_at or event.updated_at
        if now is None:
            raise ValueError("an event needs created_at")
        row = EventRow(rsvp_seq=0, created_by=event.created_by, created_at=now, updated_at=now)
        _fill(row, event)
        self.session.add(row)
        await self.session.flush()
        event.id = row.id
        return event

    async def update(self, event: Event) -> list[Rsvp]:
        if event.id is None:
            raise ValueError("update() needs an event that was added")
        row = await self._locked(event.id)
        _fill(row, event)
        if event.updated_at is not None:
            row.updated_at = event.updated_at
        await self.session.flush()
        return await self._promote(row, row.updated_at)

    async def get(self, event_id: int) -> Event | None:
        row = await self.session.get(EventRow, event_id)
        return _event(row) if row else None

    async def active(self, ends_after: datetime) -> list[Event]:
        rows = await self.session.scalars(
            select(EventRow)
            .where(or_(and_(*_one_offs(ends_after)), and_(*_series_on(ends_after))))
            .order_by(EventRow.starts_at, EventRow.id)
        )
        return [_event(row) for row in rows]

    async def repeating(self, ends_after: datetime) -> list[Event]:
        rows = await self.session.scalars(
            select(EventRow)
            .where(*_series_on(ends_after))
            .order_by(EventRow.starts_at, EventRow.id)
        )
        return [_event(row) for row in rows]

    async def count_one_offs(self, ends_after: datetime) -> int:
        query = select(func.count()).select_from(EventRow).where(*_one_offs(ends_after))
        return int(await self.session.scalar(query) or 0)

    async def one_offs_page(self, ends_after: datetime, offset: int, limit: int) -> list[Event]:
        rows = await self.session.scalars(
            select(EventRow)
            .where(*_one_offs(ends_after))
            .order_by(EventRow.starts_at, EventRow.id)
            .offset(offset)
            .limit(limit)
        )
        return [_event(row) for row in rows]

    async def for_feed(self, ends_after: datetime, last_day: date, limit: int) -> list[Event]:
        series_on = or_(EventRow.repeat_until.is_(None), EventRow.repeat_until >= last_day)
        rows = await self.session.scalars(
            select(EventRow)
            .where(
                or_(
                    (EventRow.repeat.is_(None)) & (EventRow.ends_at > ends_after),
                    (EventRow.repeat.is_not(None)) & series_on,
                )
            )
            .order_by(EventRow.starts_at, EventRow.id)
            .limit(limit)
        )
        return [_event(row) for row in rows]

    async def _locked(self, event_id: int) -> EventRow:
        """Take the event's row lock (PostgreSQL) or the write lock (SQLite) first.

        Every reply bumps `rsvp_seq`, so two replies to one event are serialised and the
        count that follows sees the other's commit: the event is never overbooked.
        """
        seq = await self.session.scalar(
            update(EventRow)
            .where(EventRow.id == event_id)
            .values(rsvp_seq=EventRow.rsvp_seq + 1)
            .returning(EventRow.rsvp_seq)
            .execution_options(synchronize_session=False)
        )
        if seq is None:
            raise LookupError(f"no event {event_id}")
        row = await self.session.get(EventRow, event_id, populate_existing=True)
        assert row is not None
        return row

    async def rsvp(
        self,
        event_id: int,
        member: Identity,
        now: datetime,
        occurrence: datetime | None = None,
        maybe: bool = False,
    ) -> RsvpOutcome:
        event = await self._locked(event_id)
        key = _occurrence_key(occurrence)
        mine = await self._row_of(event_id, member, key)
        wanted = RsvpStatus.MAYBE if maybe else RsvpStatus.GOING
        every = await self._row_of(event_id, member, "") if key else None
        if every is not None and every.status in ACTIVE and (every.status == wanted.value):
            return RsvpOutcome(_rsvp(every), True)  # already replied so for every date
        freed = False
        if not key:  # a reply for every date stands in for the member's replies to one date
            for row in await self._rows_of(event_id, member):
                if row.occurrence and row.status in ACTIVE:
                    freed = freed or row.status == RsvpStatus.GOING.value
                    row.status = RsvpStatus.CANCELLED.value
                    row.updated_at = now
        if mine is not None and mine.status in ACTIVE:
            unchanged = (mine.status == RsvpStatus.MAYBE.value) == maybe
            if unchanged:
                return RsvpOutcome(_rsvp(mine), True, await self._position(mine))
        if mine is None:
            mine = RsvpRow(
                event_id=event_id,
                platform=member.platform,
                user_id=member.user_id,
                occurrence=key,
                access_needs="",
                seq=event.rsvp_seq,
                created_at=now,
                updated_at=now,
            )
            self.session.add(mine)
        was_going = mine.status == RsvpStatus.GOING.value
        mine.display_name = member.display_name
        mine.status = RsvpStatus.MAYBE.value  # takes no place while its place is counted
        await self.session.flush()
        status = wanted
        if not maybe and await self._full(event, key, now):
            status = RsvpStatus.WAITING
        mine.status = status.value
        mine.seq = event.rsvp_seq
        mine.updated_at = now
        await self.session.flush()
        promoted = await self._promote(event, now) if (was_going and maybe) or freed else []
        return RsvpOutcome(_rsvp(mine), False, await self._position(mine), tuple(promoted))

    async def cancel_rsvp(
        self, event_id: int, member: Identity, now: datetime, occurrence: datetime | None = None
    ) -> Cancellation:
        event = await self._locked(event_id)
        mine = await self._row_of(event_id, member, _occurrence_key(occurrence))
        if mine is None or mine.status not in ACTIVE:
            return Cancellation(None)
        mine.status = RsvpStatus.CANCELLED.value
        mine.updated_at = now
        await self.session.flush()
        return Cancellation(_rsvp(mine), tuple(await self._promote(event, now)))

    async def _going_by_key(self, event_id: int) -> dict[str, int]:
        rows = await self.session.execute(
            select(RsvpRow.occurrence, func.count())
            .where(RsvpRow.event_id == event_id, RsvpRow.status == RsvpStatus.GOING.value)
            .group_by(RsvpRow.occurrence)
        )
        return {str(key): int(count) for key, count in rows}

    async def _full(self, event: EventRow, key: str, now: datetime) -> bool:
        """No place left at the date `key`; for every date (""), at any coming date."""
        if event.capacity is None:
            return False
        counts = await self._going_by_key(event.id)
        every = counts.pop("", 0)
        if key:
            return every + counts.get(key, 0) >= event.capacity
        coming = [n for k, n in counts.items() if datetime.fromisoformat(k) >= now]
        return every + max(coming, default=0) >= event.capacity

    async def _promote(self, event: EventRow, now: datetime) -> list[Rsvp]:
        """Fill free places from the front of the waiting list (event row already locked),
        each waiting reply taking a place only where its date (or every date) has one."""
        waiting = list(
            await self.session.scalars(
                select(RsvpRow)
                .where(RsvpRow.event_id == event.id, RsvpRow.status == RsvpStatus.WAITING.value)
                .order_by(RsvpRow.seq)
            )
        )
        promoted = []
        for row in waiting:
            row.status = RsvpStatus.MAYBE.value  # out of the count while it is checked
            await self.session.flush()
            full = await self._full(event, row.occurrence, now)
            row.status = (RsvpStatus.WAITING if full else RsvpStatus.GOING).value
            if not full:
                row.updated_at = now
                promoted.append(row)
            await self.session.flush()
        return [_rsvp(row) for row in promoted]

    async def set_access_needs(self, event_id: int, member: Identity, text: str) -> bool:
        rows = [
            row
            for row in await self._rows_of(event_id, member)
            if row.status in ACTIVE and row.status != RsvpStatus.MAYBE.value
        ]
        for row in rows:
            row.access_needs = text
        await self.session.flush()
        return bool(rows)

    async def rsvp_of(
        self, event_id: int, member: Identity, occurrence: datetime | None = None
    ) -> Rsvp | None:
        key = _occurrence_key(occurrence)
        for wanted in dict.fromkeys((key, "")):
            row = await self._row_of(event_id, member, wanted)
            if row is not None and row.status in ACTIVE:
                return _rsvp(row)
        row = await self._row_of(event_id, member, key)
        return _rsvp(row) if row else None

    async def rsvps(self, event_id: int, occurrence: datetime | None = None) -> list[Rsvp]:
        query = select(RsvpRow).where(RsvpRow.event_id == event_id, RsvpRow.status.in_(ACTIVE))
        if occurrence is not None:
            query = query.where(RsvpRow.occurrence.in_(("", _occurrence_key(occurrence))))
        rows = await self.session.scalars(query.order_by(RsvpRow.status, RsvpRow.seq))
        return [_rsvp(row) for row in rows]

    async def going_counts(
        self, event_ids: Sequence[int], at: dict[int, datetime] | None = None
    ) -> dict[int, int]:
        if not event_ids:
            return {}
        rows = await self.session.execute(
            select(RsvpRow.event_id, RsvpRow.occurrence, func.count())
            .where(RsvpRow.event_id.in_(list(event_ids)), RsvpRow.status == RsvpStatus.GOING.value)
            .group_by(RsvpRow.event_id, RsvpRow.occurrence)
        )
        counts: dict[int, int] = {}
        dates = {event_id: _occurrence_key(when) for event_id, when in (at or {}).items()}
        for event_id, key, count in rows:
            wanted = dates.get(int(event_id))
            if wanted is None or key in ("", wanted):
                counts[int(event_id)] = counts.get(int(event_id), 0) + int(count)
        return counts

    async def rsvps_of(self, member: Identity) -> list[Rsvp]:
        rows = await self.session.scalars(
            select(RsvpRow)
            .where(RsvpRow.platform == member.platform, RsvpRow.user_id == member.user_id)
            .order_by(RsvpRow.created_at, RsvpRow.id)
        )
        return [_rsvp(row) for row in rows]

    async def delete_rsvps(self, member: Identity) -> int:
        result = await self.session.execute(
            delete(RsvpRow).where(
                RsvpRow.platform == member.platform, RsvpRow.user_id == member.user_id
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def _rows_of(self, event_id: int, member: Identity) -> list[RsvpRow]:
        rows = await self.session.scalars(
            select(RsvpRow).where(
                RsvpRow.event_id == event_id,
                RsvpRow.platform == member.platform,
                RsvpRow.user_id == member.user_id,
            )
        )
        return list(rows)

    async def _row_of(self, event_id: int, member: Identity, key: str) -> RsvpRow | None:
        row: RsvpRow | None = await self.session.scalar(
            select(RsvpRow).where(
                RsvpRow.event_id == event_id,
                RsvpRow.platform == member.platform,
                RsvpRow.user_id == member.user_id,
                RsvpRow.occurrence == key,
            )
        )
        return row

    async def _position(self, row: RsvpRow) -> int | None:
        if row.status != RsvpStatus.WAITING.value:
            return None
        ahead = await self.session.scalar(
            select(func.count())
            .select_from(RsvpRow)
            .where(
                RsvpRow.event_id == row.event_id,
                RsvpRow.status == RsvpStatus.WAITING.value,
                RsvpRow.occurrence.in_(("", row.occurrence)),
                RsvpRow.seq < row.seq,
            )
        )
        return int(ahead or 0) + 1


def _occurrence_key(occurrence: datetime | None) -> str:
    return "" if occurrence is None else occurrence.astimezone(UTC).isoformat()
