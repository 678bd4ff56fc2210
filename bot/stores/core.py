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


class ConversationStore(Protocol):
    async def load(self, key: ConversationKey) -> ConversationState | None: ...

    async def save(self, state: ConversationState) -> None: ...

    async def delete(self, key: ConversationKey) -> None: ...

    async def delete_expired(self, now: datetime) -> int: ...


class MemberStore(Protocol):
    async def conduct_acknowledged_at(self, who: Identity) -> datetime | None: ...

    async def acknowledge_conduct(self, who: Identity, at: datetime) -> None: ...


CONVERSATIONS: StoreKey[ConversationStore] = StoreKey("conversations")
MEMBERS: StoreKey[MemberStore] = StoreKey("members")
