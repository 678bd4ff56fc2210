"""Tables the core needs: members, their acknowledgements, conversation state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Member(Base):
    """A person on one platform. Keep it minimal: policy views are special-category data."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("platform", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200))
    conduct_acknowledged_at: Mapped[datetime | None]
    last_role: Mapped[str | None] = mapped_column(String(16))
    """The role this identity was last seen with: a change is written to the audit log."""
    created_at: Mapped[datetime]


class Conversation(Base):
    __tablename__ = "conversations"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    flow: Mapped[str] = mapped_column(String(64))
    step: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    history: Mapped[list[str]] = mapped_column(JSON)
    offered: Mapped[list[list[str]]] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """Moved on by every save: the compare-and-set in `SqlConversationStore`."""
