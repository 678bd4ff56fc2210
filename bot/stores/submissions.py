"""Policy submissions and motions: drafts, their co-authors and their review history.

A draft's text lives in `fields` (title, commission, problem, proposal, evidence, motion,
consultation): nothing typed is ever dropped, even when it is over a limit, so the member
can shorten it later. Only what the process needs about people is kept.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from bot.model import Identity
from bot.stores import StoreKey


class Kind(enum.StrEnum):
    SUBMISSION = "submission"
    MOTION = "motion"


class Status(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    EQUALITIES_REVIEW = "equalities_review"
    APPROVED = "approved"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.DRAFT: "draft",
    Status.IN_REVIEW: "in review",
    Status.RETURNED: "returned",
    Status.EQUALITIES_REVIEW: "with the equalities officers",
    Status.APPROVED: "approved",
    Status.SUBMITTED: "submitted to the Policy Forum",
    Status.WITHDRAWN: "withdrawn",
}

REVIEW_QUEUE = (Status.IN_REVIEW, Status.EQUALITIES_REVIEW)
"""What officers still have to decide on."""


@dataclass(slots=True)
class Draft:
    author: Identity
    created_at: datetime
    updated_at: datetime
    author_chat_id: str | None = None
    """The private chat the author drafted in: where decisions are sent."""
    kind: Kind | None = None
    status: Status = Status.DRAFT
    fields: dict[str, Any] = field(default_factory=dict)
    coauthors: list[str] = field(default_factory=list)
    show_name: bool = False
    """May other members see the author's (and co-authors') names? Officers always can."""
    step: str | None = None
    """The /submit step the author is on, for resuming."""
    forum_submitted_on: date | None = None
    id: int | None = None

    @property
    def title(self) -> str:
        return str(self.fields.get("title") or "Untitled draft")

    @property
    def commission(self) -> str | None:
        value = self.fields.get("commission")
        return str(value) if value else None

    def is_authored_by(self, who: Identity) -> bool:
        return self.author.platform == who.platform and self.author.user_id == who.user_id

    def is_coauthored_by(self, who: Identity) -> bool:
        if who.platform != self.author.platform or self.is_authored_by(who):
            return False
        mine = member_keys(who)
        return any(coauthor_key(name) in mine for name in self.coauthors)

    def visible_to(self, who: Identity) -> bool:
        return self.is_authored_by(who) or self.is_coauthored_by(who)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change to a draft: who did what, when, with an optional comment."""

    draft_id: int
    actor_name: str
    actor_key: str
    action: str
    at: datetime
    comment: str = ""


def coauthor_key(name: str) -> str:
    """How a typed co-author ("@Bob", "<@123>", " bob ") is matched to a member."""
    text = re.sub(r"^<@!?(\w+)>$", r"\1", name.strip())
    return " ".join(text.lstrip("@").split()).casefold()


def member_keys(who: Identity) -> set[str]:
    return {coauthor_key(who.display_name), coauthor_key(who.user_id)}


@dataclass(frozen=True, slots=True)
class DraftProgress:
    status: Status
    created_at: datetime
    forum_submitted_on: date | None


class SubmissionStore(Protocol):
    async def add(self, draft: Draft) -> Draft:
        """Insert a new draft; returns it with its `id` set."""
        ...

    async def update(self, draft: Draft) -> None: ...

    async def get(self, draft_id: int) -> Draft | None: ...

    async def delete(self, draft_id: int) -> None:
        """Erase the draft with its co-authors and history."""
        ...

    async def latest_unfinished(self, author: Identity) -> Draft | None:
        """The author's most recently touched draft still being written (draft or returned)."""
        ...

    async def visible_to(self, member: Identity) -> list[Draft]:
        """Drafts the member wrote or co-authors, most recently touched first."""
        ...

    async def with_status(self, *statuses: Status) -> list[Draft]:
        """Every draft in one of `statuses` (all if none given), oldest first."""
        ...

    async def progress(self) -> list[DraftProgress]:
        """Status and dates of every draft (the digest's counts), without loading them."""
        ...

    async def record(self, entry: HistoryEntry) -> None: ...

    async def history(self, draft_id: int) -> list[HistoryEntry]: ...

    async def authored_by(self, author: Identity) -> list[Draft]:
        """Every draft the identity wrote, whatever its status, oldest first."""
        ...

    async def history_by(self, actor_keys: set[str]) -> list[HistoryEntry]:
        """What these identities (`platform:user_id`) did to any draft, oldest first."""
        ...

    async def erase_author(self, draft_id: int, name: str, actor_keys: set[str]) -> None:
        """Keep the draft without its people: the author becomes `name`, co-authors and the
        author's chat are dropped, and the history entries of `actor_keys` lose their name."""
        ...

    async def remove_coauthor(self, who: Identity) -> list[int]:
        """Take `who` off every co-author list naming them; the ids of the drafts changed."""
        ...

    async def delete_untouched(self, statuses: set[Status], before: datetime) -> list[Draft]:
        """Delete drafts in one of `statuses` not updated since `before`; returns them."""
        ...


SUBMISSIONS: StoreKey[SubmissionStore] = StoreKey("submissions")
