"""Persons (linked identities) and one-time link codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Person(Base):
    """One human, whatever platforms they use. Holds nothing but an id, and a random one:
    neither a time nor a count says who was seen first, so a member's first vote stores
    nothing that lines them up with the ballots (`SqlAccountStore.person_of`)."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class PersonIdentity(Base):
    __tablename__ = "person_identities"
    __table_args__ = (UniqueConstraint("person_id", "platform"),)

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(200))


class LinkCodeRow(Base):
    """A one-time code, stored as a SHA-256 hash of the code."""

    __tablename__ = "link_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime]
