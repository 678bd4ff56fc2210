"""Stores the core itself needs: conversation state and members' acknowledgements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.model import Identity
from bot.stores import StoreKey


@dataclass(frozen=True, slots=True)
class ConversationKey:
    platform: str
    chat_id: str
    user_id: str


@dataclass(slots=True)
class ConversationState:
    """Where a member is in a multi-step flow. `data` must stay JSON-serialisable."""

    key: ConversationKey
    flow: str
    step: str
    expires_at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    offered: list[tuple[str, str]] = field(default_factory=list)
    """The (label, value) choices of the last prompt: answers are checked against them."""
    version: int = 0
    """The stored row's version when loaded (0: not stored yet). Saving changes the row
    only if it still has this version: a compare-and-set across processes."""


class StepMovedOnError(Exception):
    """The conversation changed since it was loaded (another process handled a press or an
    answer for it first): this event's work is rolled back instead of done twice."""


class ConversationStore(Protocol):
    async def load(self, key: ConversationKey) -> ConversationState | None: ...

    async def save(self, state: ConversationState) -> None:
        """Store the state and move `state.version` on. A state loaded at a version the row
        no longer has raises `StepMovedOnError`; a new one (version 0) replaces any old row."""
        ...

    async def finish(self, state: ConversationState) -> None:
        """Delete the conversation, unless it changed since loaded (`StepMovedOnError`)."""
        ...

    async def delete(self, key: ConversationKey) -> None: ...

    async def delete_expired(self, now: datetime) -> int: ...

    async def of_user(self, platform: str, user_id: str) -> list[ConversationState]:
        """Every conversation this identity has, in any chat (for /mydata)."""
        ...

    async def delete_of_user(self, platform: str, user_id: str) -> int: ...


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """What the core keeps about one identity."""

    display_name: str
    created_at: datetime
    conduct_acknowledged_at: datetime | None
    last_role: str | None


class MemberStore(Protocol):
    async def conduct_acknowledged_at(self, who: Identity) -> datetime | None: ...

    async def acknowledge_conduct(self, who: Identity, at: datetime) -> None: ...

    async def note_role(self, who: Identity, role: str, now: datetime) -> str | None:
        """Remember the role `who` was seen with; the previous one if it changed, else None.

        Someone never seen before counts as a member before, and a member's first sight
        stores nothing: only officers (and people who once were) get a row for this.
        """
        ...

    async def record_of(self, who: Identity) -> MemberRecord | None: ...

    async def forget(self, who: Identity) -> bool:
        """Remove the identity's row (acknowledgement, last role); True if there was one."""
        ...


CONVERSATIONS: StoreKey[ConversationStore] = StoreKey("conversations")
MEMBERS: StoreKey[MemberStore] = StoreKey("members")
