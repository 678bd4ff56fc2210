"""Policy ideas and their supporters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class IdeaRow(Base):
    __tablename__ = "ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    commission: Mapped[str | None] = mapped_column(String(200))
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    """None once the author erased their data (/forgetme) and the idea was kept."""
    status: Mapped[str] = mapped_column(String(16), index=True)
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("ideas.id"))
    created_at: Mapped[datetime] = mapped_column(index=True)
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    """Why an officer hid it (status "hidden"); the author is told."""
    hidden_at: Mapped[datetime | None]
    edited_at: Mapped[datetime | None]


class IdeaSupport(Base):
    """One person supports one idea, once (the primary key makes double support impossible)."""

    __tablename__ = "idea_supports"

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True, index=True)
    created_at: Mapped[datetime]
