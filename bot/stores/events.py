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
    WEEKLY = "weekly"
    MONTHLY = "monthly"


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
        """Not cancelled, and a one-off ending after `ends_after` or any repeating event."""
        ...

    async def rsvp(self, event_id: int, member: Identity, now: datetime) -> RsvpOutcome:
        """Reply "going"; when full, join the waiting list. Never overbooks, even when many
        reply at once (the event row is locked for the count)."""
        ...

    async def cancel_rsvp(self, event_id: int, member: Identity, now: datetime) -> Cancellation: ...

    async def set_access_needs(self, event_id: int, member: Identity, text: str) -> bool: ...

    async def rsvp_of(self, event_id: int, member: Identity) -> Rsvp | None: ...

    async def rsvps(self, event_id: int) -> list[Rsvp]:
        """Going, then waiting, each in reply order (cancelled ones left out)."""
        ...

    async def going_counts(self, event_ids: Sequence[int]) -> dict[int, int]: ...

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


EVENTS: StoreKey[EventStore] = StoreKey("events")
ANNOUNCEMENTS: StoreKey[AnnouncementStore] = StoreKey("announcements")
NEIGHBOUR_EVENTS: StoreKey[NeighbourStore] = StoreKey("neighbour_events")
