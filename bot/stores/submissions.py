"""Policy submissions and motions: drafts, their co-authors and their review history.

A draft's text lives in `fields` (title, commission, problem, proposal, evidence, motion,
consultation): nothing typed is ever dropped, even when it is over a limit, so the member
can shorten it later. Only what the process needs about people is kept.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
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
    """A submission, sent to the National Policy Forum (`forum_submitted_on`)."""
    AT_MEETING = "at_meeting"
    """A motion, put to the CLP's General Meeting (`meeting_on`)."""
    CARRIED = "carried"
    FELL = "fell"
    """A motion the General Meeting voted down (`decided_on`): its route ends there."""
    SENT = "sent_to_conference"
    """A carried motion, sent to Annual Conference (`sent_on`)."""
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
    Status.AT_MEETING: "put to the General Meeting",
    Status.CARRIED: "carried by the General Meeting",
    Status.FELL: "fell at the General Meeting",
    Status.SENT: "sent to Annual Conference",
    Status.WITHDRAWN: "withdrawn",
}

REVIEW_QUEUE = (Status.IN_REVIEW, Status.EQUALITIES_REVIEW)
"""What officers still have to decide on."""


@dataclass(frozen=True, slots=True)
class CoAuthor:
    """A co-author, chosen by account (a mention the platform resolved), never by a name.

    Invited until they press Accept in their private chat: until then they see nothing and
    are listed nowhere. `person.display_name` is only how they are shown."""

    person: Identity
    accepted: bool = False

    def is_account(self, who: Identity) -> bool:
        return self.person.platform == who.platform and self.person.user_id == who.user_id

    def to_json(self) -> dict[str, Any]:
        who = self.person
        return {
            "platform": who.platform,
            "user_id": who.user_id,
            "name": who.display_name,
            "accepted": self.accepted,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CoAuthor:
        person = Identity(str(data["platform"]), str(data["user_id"]), str(data["name"]))
        return cls(person, bool(data.get("accepted")))


NAMED_COAUTHORS = "named_coauthors"
"""A field of plain text: co-authors once typed as names, linked to no account (migration
0011). Shown on the draft as the author typed them; they grant nobody anything."""


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
    coauthors: list[CoAuthor] = field(default_factory=list)
    """Accepted and invited co-authors; only `listed_coauthors` are named anywhere."""
    show_name: bool = False
    """May other members see the author's (and co-authors') names? Officers always can."""
    step: str | None = None
    """The /submit step the author is on, for resuming."""
    forum_submitted_on: date | None = None
    meeting_on: date | None = None
    """A motion: the day of the General Meeting it is (or was) put to."""
    decided_on: date | None = None
    """A motion: the day the General Meeting carried it or it fell."""
    sent_on: date | None = None
    """A carried motion: the day it was sent to Annual Conference."""
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
        """An accepted co-author's own account: never a name."""
        return any(c.accepted and c.is_account(who) for c in self.coauthors)

    def invites(self, who: Identity) -> bool:
        return any(not c.accepted and c.is_account(who) for c in self.coauthors)

    @property
    def listed_coauthors(self) -> list[str]:
        """The names to show: accepted co-authors only."""
        return [c.person.display_name for c in self.coauthors if c.accepted]

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


@dataclass(frozen=True, slots=True)
class ProgressCount:
    """How many drafts of one kind are at one status, and how many of them were created,
    submitted to the Policy Forum, decided and sent to conference within a week."""

    status: Status
    kind: Kind | None
    count: int
    created: int = 0
    forum_submitted: int = 0
    decided: int = 0
    sent: int = 0


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
        """Drafts the member wrote or co-authors (accepted), most recently touched first."""
        ...

    async def invitations(self, member: Identity) -> list[Draft]:
        """Drafts inviting the member as a co-author who has not answered yet."""
        ...

    async def with_status(self, *statuses: Status) -> list[Draft]:
        """Every draft in one of `statuses` (all if none given), oldest first."""
        ...

    async def count_with_status(self, statuses: Sequence[Status]) -> int: ...

    async def with_status_page(
        self, statuses: Sequence[Status], offset: int, limit: int
    ) -> list[Draft]:
        """One page of `with_status(*statuses)`, oldest first."""
        ...

    async def progress_counts(
        self, start: datetime, end: datetime, first: date, last: date
    ) -> list[ProgressCount]:
        """Counts by status and kind (the digest's), in SQL: created in [start, end), dates
        on first..last; a row per status and kind there is, whatever the table holds."""
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
        """Take the account `who` off every co-author list (invited or accepted); the ids
        of the drafts changed."""
        ...

    async def delete_untouched(self, statuses: set[Status], before: datetime) -> list[Draft]:
        """Delete drafts in one of `statuses` not updated since `before`; returns them."""
        ...


SUBMISSIONS: StoreKey[SubmissionStore] = StoreKey("submissions")
