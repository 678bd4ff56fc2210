"""Policy submission drafts, their co-authors and their review history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class SubmissionRow(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_author", "author_platform", "author_user_id"),
        Index("ix_submissions_status_kind", "status", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_platform: Mapped[str] = mapped_column(String(16))
    author_user_id: Mapped[str] = mapped_column(String(64))
    author_name: Mapped[str] = mapped_column(String(200))
    author_chat_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(24), index=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    show_name: Mapped[bool]
    step: Mapped[str | None] = mapped_column(String(64))
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="SET NULL"), index=True
    )
    forum_submitted_on: Mapped[date | None]
    meeting_on: Mapped[date | None]
    """A motion's General Meeting (migration 0015), then the day it was carried or fell,
    then the day it was sent to Annual Conference."""
    decided_on: Mapped[date | None]
    sent_on: Mapped[date | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SubmissionCoauthorRow(Base):
    """A co-author by account; `accepted` once they said yes (migration 0009)."""

    __tablename__ = "submission_coauthors"
    __table_args__ = (Index("ix_submission_coauthors_account", "platform", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    accepted: Mapped[bool]


class SubmissionHistoryRow(Base):
    __tablename__ = "submission_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(200))
    actor_key: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(200))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]
