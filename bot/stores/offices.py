"""Who holds which of the CLP's offices: granted in the bot (`/officers add`), by person.

A holding belongs to the person (linked identities, see /link), so it counts on every
account they link, at once: the dispatcher reads it for every event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.model import Identity
from bot.stores import StoreKey

MAX_HOLDINGS = 200
"""The most holdings a list returns: far more than a CLP has offices."""


@dataclass(frozen=True, slots=True)
class Holding:
    office: str
    person_id: int
    granted_by: str
    """The granting account (`platform:user_id`), as the audit log names actors."""
    granted_at: datetime
    id: int | None = None


class OfficeStore(Protocol):
    async def offices_of(self, who: Identity) -> list[str]:
        """The offices held by the person behind `who` (one query, no person created)."""
        ...

    async def holdings(self, limit: int = MAX_HOLDINGS) -> list[Holding]:
        """Every holding, by office then by when it was granted."""
        ...

    async def holders_of(self, offices: list[str], limit: int = MAX_HOLDINGS) -> list[Holding]: ...

    async def of_person(self, person_id: int) -> list[Holding]: ...

    async def get(self, holding_id: int) -> Holding | None: ...

    async def grant(self, holding: Holding) -> Holding | None:
        """Store a new holding; None if the person already holds that office."""
        ...

    async def revoke(self, holding_id: int) -> bool: ...

    async def merge_people(self, keep: int, gone: int) -> None:
        """After /link: `gone`'s offices become `keep`'s (an office held by both, once)."""
        ...

    async def forget(self, person_id: int) -> int:
        """Remove the person's holdings; how many went."""
        ...

    async def forget_granter(self, keys: set[str], erased: str) -> int:
        """Put `erased` where one of `keys` is named as the granting account."""
        ...


OFFICES: StoreKey[OfficeStore] = StoreKey("offices")
