"""Events (talks, workshops, training...), RSVPs with a waiting list, scheduled announcements,
and the cached events of neighbouring CLPs.

Times are UTC. A member's access needs live on their RSVP and are shown to officers only.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from bot.model import ChatRef, Identity, person_target
from bot.stores import StoreKey


class EventType(enum.StrEnum):
    SPEAKER = "speaker"
    DISCUSSION = "discussion"
    WORKSHOP = "workshop"
    PANEL = "panel"
    CONSULTATION = "consultation"
    TRAINING = "training"
    OTHER = "other"

    @property
    def label(self) -> str:
        return EVENT_TYPE_LABELS[self]


EVENT_TYPE_LABELS = {
    EventType.SPEAKER: "Guest speaker",
    EventType.DISCUSSION: "Policy discussion",
    EventType.WORKSHOP: "Workshop",
    EventType.PANEL: "Panel",
    EventType.CONSULTATION: "Consultation meeting",
    EventType.TRAINING: "Training",
    EventType.OTHER: "Other",
}


class Repeat(enum.StrEnum):
    """How an event repeats; the weekday and day come from its first start (local time)."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    """On the start's day of the month; months without that day (29-31) are skipped."""
    MONTHLY_NTH = "monthly_nth"
    """On the start's weekday, its first to fourth of the month ("second Thursday")."""
    MONTHLY_LAST = "monthly_last"
    """On the last of the start's weekday in each month ("last Friday")."""
    MONTHLY_END = "monthly_end"
    """On the last day of each month."""


@dataclass(slots=True)
class Event:
    title: str
    type: EventType
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    online_url: str = ""
    speaker: str = ""
    description: str = ""
    capacity: int | None = None
    """None: no limit."""
    repeat: Repeat | None = None
    repeat_until: date | None = None
    """The last day an occurrence may fall on (in the CLP's time zone)."""
    repeat_count: int | None = None
    cancelled: bool = False
    created_by: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None


class RsvpStatus(enum.StrEnum):
    GOING = "going"
    WAITING = "waiting"
    MAYBE = "maybe"
    """Interested, not sure: takes no place and is not on the waiting list."""
    CANCELLED = "cancelled"


@dataclass(slots=True)
class Rsvp:
    event_id: int
    member: Identity
    status: RsvpStatus
    seq: int
    """Order of replying: the waiting list moves up in this order."""
    access_needs: str = ""
    created_at: datetime | None = None
    occurrence: datetime | None = None
    """The date of a repeating event this reply is for; None: every date (or a one-off)."""

    @property
    def private_chat(self) -> ChatRef:
        """The member, privately: a person target each adapter resolves."""
        return person_target(self.member)


@dataclass(frozen=True, slots=True)
class RsvpOutcome:
    rsvp: Rsvp
    already: bool
    """The member had already replied (nothing changed)."""
    waiting_position: int | None = None
    """1-based place on the waiting list, when the event is full."""
    promoted: tuple[Rsvp, ...] = ()
    """Moved up from the waiting list into places this reply gave up (going to maybe)."""


@dataclass(frozen=True, slots=True)
class Cancellation:
    cancelled: Rsvp | None
    promoted: tuple[Rsvp, ...] = ()
    """Moved up from the waiting list into the freed places."""


class EventStore(Protocol):
    async def add(self, event: Event) -> Event: ...

    async def update(self, event: Event) -> list[Rsvp]:
        """Save changes; if the capacity grew, waiting members move up (returned)."""
        ...

    async def get(self, event_id: int) -> Event | None: ...

    async def active(self, ends_after: datetime) -> list[Event]:
        """Not cancelled: one-offs ending after `ends_after`, and repeating series not
        known to be over by then (a finished series may remain: the caller checks)."""
        ...

    async def repeating(self, ends_after: datetime) -> list[Event]:
        """Repeating series not cancelled, leaving out those surely over by `ends_after`
        (by their end date or count); the caller checks the rest exactly."""
        ...

    async def count_one_offs(self, ends_after: datetime) -> int:
        """One-off events not cancelled that end after `ends_after`."""
        ...

    async def one_offs_page(self, ends_after: datetime, offset: int, limit: int) -> list[Event]:
        """One page of those, by start (then number)."""
        ...

    async def for_feed(self, ends_after: datetime, last_day: date, limit: int) -> list[Event]:
        """The calendar feed's events, cancelled ones too (so calendar apps drop them): a
        one-off ending after `ends_after`, or a series whose end date (if it has one) is on
        or after `last_day`; by first start, at most `limit`."""
        ...

    async def rsvp(
        self,
        event_id: int,
        member: Identity,
        now: datetime,
        occurrence: datetime | None = None,
        maybe: bool = False,
    ) -> RsvpOutcome:
        """Reply "going" (or "maybe") for one date, or for every date when `occurrence` is
        None; when full, join the waiting list. A place is counted per date: a reply for
        every date takes one at each. Never overbooks, even when many reply at once (the
        event row is locked for the count)."""
        ...

    async def cancel_rsvp(
        self, event_id: int, member: Identity, now: datetime, occurrence: datetime | None = None
    ) -> Cancellation: ...

    async def set_access_needs(self, event_id: int, member: Identity, text: str) -> bool:
        """On every active reply of the member to the event."""
        ...

    async def rsvp_of(
        self, event_id: int, member: Identity, occurrence: datetime | None = None
    ) -> Rsvp | None:
        """The active reply that covers `occurrence`: the one for that date, else the one for
        every date; with None, the one for every date. None if there is none."""
        ...

    async def rsvps(self, event_id: int, occurrence: datetime | None = None) -> list[Rsvp]:
        """Active replies (going, maybe, waiting), each in reply order; with `occurrence`,
        those that cover that date."""
        ...

    async def going_counts(
        self, event_ids: Sequence[int], at: dict[int, datetime] | None = None
    ) -> dict[int, int]:
        """How many are coming to each event; to the date in `at` where one is given."""
        ...

    async def rsvps_of(self, member: Identity) -> list[Rsvp]:
        """Every reply of one identity, cancelled ones included, in reply order."""
        ...

    async def delete_rsvps(self, member: Identity) -> int:
        """Remove every reply of one identity (cancel active ones first: places move up)."""
        ...


class AnnouncementState(enum.StrEnum):
    SCHEDULED = "scheduled"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(slots=True)
class Announcement:
    text: str
    targets: list[ChatRef] | None
    """None: every announce chat and channel, as configured when it is sent."""
    due_at: datetime
    recurrence: dict[str, Any] | None = None
    """Cron fields in the CLP's time zone, like {"day_of_week": "mon", "hour": 9, ...}."""
    recurrence_text: str = ""
    state: AnnouncementState = AnnouncementState.SCHEDULED
    created_by: str = ""
    created_at: datetime | None = None
    id: int | None = None


class AnnouncementStore(Protocol):
    async def add(self, announcement: Announcement) -> Announcement: ...

    async def get(self, announcement_id: int) -> Announcement | None: ...

    async def scheduled(self) -> list[Announcement]: ...

    async def set_state(self, announcement_id: int, state: AnnouncementState) -> None: ...

    async def set_due(self, announcement_id: int, due_at: datetime) -> None: ...


@dataclass(frozen=True, slots=True)
class NeighbourEvent:
    clp: str
    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    place: str = ""
    url: str = ""


class NeighbourStore(Protocol):
    async def replace(self, clp: str, events: Sequence[NeighbourEvent], now: datetime) -> None:
        """The feed's events as now read, replacing what was cached for `clp`."""
        ...

    async def upcoming(self, after: datetime) -> list[NeighbourEvent]: ...

    async def count_upcoming(self, after: datetime) -> int: ...

    async def upcoming_page(
        self, after: datetime, offset: int, limit: int
    ) -> list[NeighbourEvent]: ...


EVENTS: StoreKey[EventStore] = StoreKey("events")
ANNOUNCEMENTS: StoreKey[AnnouncementStore] = StoreKey("announcements")
NEIGHBOUR_EVENTS: StoreKey[NeighbourStore] = StoreKey("neighbour_events")
