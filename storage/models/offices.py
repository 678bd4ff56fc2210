"""Who holds which office (see bot.stores.offices)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class OfficeHolderRow(Base):
    __tablename__ = "office_holders"
    __table_args__ = (UniqueConstraint("office", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office: Mapped[str] = mapped_column(String(60))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    granted_by: Mapped[str] = mapped_column(String(100))
    granted_at: Mapped[datetime]
