"""Polls and their ballots.

Anonymity by construction: a ballot row holds the choices and a `voter_key` only, where
the key is an HMAC of the person's id under a random per-poll secret. The secret is
destroyed when the poll closes, after which nobody, even with the database, can tie a
ballot to a member. While the poll is open the bot uses the key only to let a member
change their vote. Open (non-anonymous) polls also keep the voter's person id.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.model import ChatRef, Identity
from bot.stores import StoreKey


class PollKind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    RANKED = "ranked"


class PollStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(slots=True)
class PollOption:
    label: str
    idea_id: int | None = None


@dataclass(slots=True)
class Poll:
    question: str
    kind: PollKind
    options: list[PollOption]
    deadline: datetime
    created_at: datetime
    chats: list[ChatRef] = field(default_factory=list)
    max_choices: int = 1
    anonymous: bool = True
    live_results: bool = False
    abstain: bool = False
    """Offer an Abstain button: an abstention counts in the turnout, for no option."""
    quorum: int | None = None
    """How many must vote (abstentions included) for the result to count; None: any."""
    status: PollStatus = PollStatus.OPEN
    closed_at: datetime | None = None
    results: dict[str, Any] | None = None
    """The final count, kept at the close (see commands.polls.counting)."""
    id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status is PollStatus.OPEN


@dataclass(frozen=True, slots=True)
class NamedBallot:
    """A ballot of an open (non-anonymous) poll with whose it is."""

    person_id: int
    choices: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class VoterView:
    """What a vote needs, read together with the other votes arriving at the same time: the
    poll, its secret while it is open, and the voter's person if already known under that
    identity and display name."""

    poll: Poll
    secret: bytes | None
    person_id: int | None
    """None: not seen yet, or seen under another name (ask the accounts store)."""


DurableCast = Callable[[int, str, tuple[int, ...], int | None], Awaitable[bool]]
"""(poll id, voter key, choices, person id or None) -> False if the poll is not open."""


class PollStore(Protocol):
    async def create(self, poll: Poll, secret: bytes) -> Poll: ...

    async def get(self, poll_id: int) -> Poll | None: ...

    async def open_polls(self) -> list[Poll]: ...

    async def latest(self, limit: int) -> list[Poll]:
        """The newest `limit` polls, open and closed, newest first (the web desk's list)."""
        ...

    async def created_between(self, start: datetime, end: datetime) -> list[Poll]: ...

    async def secret(self, poll_id: int) -> bytes | None:
        """The per-poll secret while the poll is open; None once it has closed."""
        ...

    async def for_voter(self, poll_id: int, who: Identity) -> VoterView | None:
        """`get`, `secret` and the voter's known person at once; None if no such poll."""
        ...

    async def cast(
        self, poll_id: int, voter_key: str, choices: tuple[int, ...], person_id: int | None
    ) -> bool:
        """Record or replace one ballot, only while the poll is open; False if closed.

        One row per (poll, voter_key): simultaneous presses and changes never double count.
        """
        ...

    def durable_cast(self) -> DurableCast:
        """`cast` in a short transaction of its own, for after the event's transaction has
        committed: it returns once the ballot is durable, in one group commit with the
        other votes arriving at the same moment. This store's transaction is untouched."""
        ...

    async def ballot(self, poll_id: int, voter_key: str) -> tuple[int, ...] | None: ...

    async def draft(self, poll_id: int, voter_key: str) -> tuple[int, ...]:
        """A ranked or several-choice ballot being built, before "Submit ballot"."""
        ...

    async def set_draft(self, poll_id: int, voter_key: str, choices: tuple[int, ...]) -> None: ...

    async def ballots(self, poll_id: int) -> list[tuple[int, ...]]:
        """Every ballot's choices, in no meaningful order and without voters."""
        ...

    async def turnout(self, poll_id: int) -> int: ...

    async def turnouts(self, poll_ids: Sequence[int]) -> dict[int, int]:
        """How many voted in each poll, in one query (polls nobody voted in: 0)."""
        ...

    async def named_ballots(self, poll_id: int) -> list[NamedBallot]:
        """Who voted what: only for open (non-anonymous) polls, empty for anonymous ones."""
        ...

    async def close(self, poll_id: int, now: datetime) -> bool:
        """Close an open poll: no more votes, its secret and unfinished ballots destroyed.

        Compare-and-set, so a poll closes once: False if it was already closed. Votes in
        flight finish first (PostgreSQL row lock), so the count that follows sees them.
        An anonymous poll's ballots are written again under fresh random keys in random
        order, and once the close commits the old bytes (the secret, the ballots in the
        order they came) are removed from the database files: see `traces_erased`.
        """
        ...

    async def traces_erased(self) -> None:
        """Wait until what committed closes left in the database files has been removed."""
        ...

    async def save_results(self, poll_id: int, results: dict[str, Any]) -> None: ...

    async def rekey(self, poll_id: int, old_key: str, new_key: str, person_id: int | None) -> None:
        """A person merged into another (/link): their ballot follows unless the other
        already voted (that ballot is kept). `person_id`: the kept person, for open polls."""
        ...

    async def named_ballots_of(self, person_id: int) -> dict[int, tuple[int, ...]]:
        """Poll id to choices, for every ballot that names the person (open polls)."""
        ...

    async def delete_ballot(self, poll_id: int, voter_key: str) -> bool:
        """Remove one ballot (and any ballot being built) while the poll is open."""
        ...

    async def unlink_person(self, person_id: int) -> int:
        """Ballots keep counting but no longer name the person; how many were changed."""
        ...

    async def idea_ids_in_polls(self) -> set[int]:
        """Ideas that are an option in some poll."""
        ...


POLLS: StoreKey[PollStore] = StoreKey("polls")
