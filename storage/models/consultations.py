"""NPF consultations (0002 created the table; 0006 added the feed and lifecycle columns)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ConsultationRow(Base):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    commission: Mapped[str | None] = mapped_column(String(200), index=True)
    url: Mapped[str] = mapped_column(String(2000), default="")
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None] = mapped_column(index=True)
    open_until: Mapped[datetime | None]
    """A feed's entry with no closing date: open until then ([feeds] assume_open_days)."""
    summary: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(2000), default="")
    feed_key: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    created_at: Mapped[datetime | None] = mapped_column(index=True)
    removed_at: Mapped[datetime | None]
