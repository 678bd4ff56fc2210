"""The audit log: officers' actions (announcements, reviews, polls, events, consultations)
and role changes, with who and when, readable by officers (/audit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.stores import StoreKey


@dataclass(frozen=True, slots=True)
class AuditEntry:
    actor_name: str
    actor_key: str
    """`platform:user_id`; empty once a member's entry has been anonymised."""
    actor_role: str
    action: str
    """A dotted name such as "poll.close" or "role.change"."""
    subject: str
    at: datetime
    detail: str = ""
    id: int | None = None


class AuditStore(Protocol):
    async def add(self, entry: AuditEntry) -> AuditEntry: ...

    async def latest(self, limit: int) -> list[AuditEntry]:
        """The newest entries first."""
        ...

    async def by_actors(self, keys: set[str]) -> list[AuditEntry]:
        """Entries of what these identities did, oldest first."""
        ...

    async def anonymise(self, keys: set[str], keep_roles: set[str]) -> tuple[int, int]:
        """Drop the name and key from these identities' entries, except those made in one of
        `keep_roles`; returns (anonymised, kept)."""
        ...

    async def delete_before(self, cutoff: datetime) -> int: ...


AUDIT: StoreKey[AuditStore] = StoreKey("audit")
