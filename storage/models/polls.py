"""Polls, ballots and ballots being built.

Ballot rows carry no time and no row number: on SQLite the ballot tables are WITHOUT ROWID
(stored in the order of their key, not of their insertion), and for an anonymous poll
`voter_key` (an HMAC under the poll's secret, destroyed at the close) is the only link to
a member. At the close every ballot of an anonymous poll is written again under a fresh
random key, in that key's order (`SqlPollStore.close`), so no row keeps the voting order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class PollRow(Base):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    max_choices: Mapped[int]
    anonymous: Mapped[bool]
    live_results: Mapped[bool]
    abstain: Mapped[bool] = mapped_column(default=False, server_default=false())
    quorum: Mapped[int | None]
    deadline: Mapped[datetime]
    chats: Mapped[list[list[str]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)
    secret: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(index=True)
    closed_at: Mapped[datetime | None]


class BallotRow(Base):
    __tablename__ = "poll_ballots"
    __table_args__ = ({"sqlite_with_rowid": False},)

    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), primary_key=True)
    voter_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    choices: Mapped[list[int]] = mapped_column(JSON)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    """Only for open (non-anonymous) polls."""


class BallotDraftRow(Base):
    __tablename__ = "poll_ballot_drafts"
    __table_args__ = ({"sqlite_with_rowid": False},)

    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), primary_key=True)
    voter_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    choices: Mapped[list[int]] = mapped_column(JSON)
