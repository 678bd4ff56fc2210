"""Linked identities: a `person` that several platform identities belong to.

A member on Discord and Telegram who links the two accounts (`/link`) is one person:
one vote per poll and one support per idea, whichever platform they use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.model import Identity
from bot.stores import StoreKey


@dataclass(frozen=True, slots=True)
class LinkCode:
    """A one-time code, stored only as a hash, that joins another identity to `person_id`."""

    person_id: int
    platform: str
    expires_at: datetime


class AccountStore(Protocol):
    async def person_of(self, who: Identity, now: datetime) -> int:
        """The person behind `who`, created on first sight (with a random id)."""
        ...

    async def find_person(self, who: Identity) -> int | None:
        """The person behind `who` if the bot has one; never creates one."""
        ...

    async def identities(self, person_id: int) -> list[Identity]: ...

    async def save_code(self, code_hash: str, code: LinkCode) -> None:
        """Keep a new code; any earlier unused code of the same person stops working."""
        ...

    async def take_code(self, code_hash: str, now: datetime) -> LinkCode | None:
        """The code's details if it exists and has not expired; it is used up either way."""
        ...

    async def merge(self, keep: int, gone: int) -> None:
        """Move every identity of person `gone` to person `keep` and forget `gone`."""
        ...

    async def forget(self, person_id: int) -> int:
        """Remove the person, their identities and link codes; how many identities went.

        Everything else pointing at the person must have been erased or unlinked first.
        """
        ...


ACCOUNTS: StoreKey[AccountStore] = StoreKey("accounts")
