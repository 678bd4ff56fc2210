"""Events, RSVPs, scheduled announcements and neighbouring CLPs' cached events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index(
            "ix_events_series_ends_by",
            "series_ends_by",
            sqlite_where=text("repeat IS NOT NULL"),
            postgresql_where=text("repeat IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(24))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(500))
    online_url: Mapped[str] = mapped_column(String(2000))
    speaker: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    capacity: Mapped[int | None]
    repeat: Mapped[str | None] = mapped_column(String(16))
    repeat_until: Mapped[date | None]
    repeat_count: Mapped[int | None]
    series_ends_by: Mapped[datetime | None]
    """A repeating series is over by then (storage/repos/series.py); None: open-ended."""
    cancelled: Mapped[bool]
    rsvp_seq: Mapped[int]
    """Bumped under lock by every RSVP: serialises replies and orders the waiting list."""
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RsvpRow(Base):
    __tablename__ = "event_rsvps"
    __table_args__ = (
        UniqueConstraint("event_id", "platform", "user_id", "occurrence"),
        Index("ix_event_rsvps_event_id_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    occurrence: Mapped[str] = mapped_column(String(32), server_default="")
    """"" for every date (or a one-off event); else the date's start, UTC ISO 8601."""
    display_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int]
    access_needs: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AnnouncementRow(Base):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    targets: Mapped[list[Any] | None] = mapped_column(JSON)
    due_at: Mapped[datetime]
    recurrence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    recurrence_text: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), index=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class NeighbourEventRow(Base):
    __tablename__ = "neighbour_events"
    __table_args__ = (UniqueConstraint("clp", "uid", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clp: Mapped[str] = mapped_column(String(200), index=True)
    uid: Mapped[str] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(String(500))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(2000))
    fetched_at: Mapped[datetime]
