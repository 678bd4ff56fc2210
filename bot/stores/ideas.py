"""Members' policy ideas and who supports them (one support per person, never shown)."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.stores import StoreKey


class IdeaStatus(enum.StrEnum):
    OPEN = "open"
    MERGED = "merged"
    ARCHIVED = "archived"
    PROMOTED = "promoted"
    """Turned into a draft submission."""
    HIDDEN = "hidden"
    """Hidden by an officer (code of conduct), with a reason the author is told."""
    WITHDRAWN = "withdrawn"
    """Withdrawn by its author before anyone else supported it."""


@dataclass(slots=True)
class Idea:
    text: str
    author_person_id: int | None
    """None once the author erased their data and the idea was kept (see /forgetme)."""
    created_at: datetime
    commission: str | None = None
    status: IdeaStatus = IdeaStatus.OPEN
    merged_into: int | None = None
    support: int = 0
    """How many people support it (filled in by the store)."""
    id: int | None = None
    hidden_reason: str | None = None


class IdeaStore(Protocol):
    async def add(self, idea: Idea) -> Idea: ...

    async def get(self, idea_id: int) -> Idea | None: ...

    async def open_ideas(self) -> list[Idea]:
        """Open ideas, most supported first, then oldest first."""
        ...

    async def count_open(self, words: Sequence[str] = ()) -> int:
        """How many open ideas there are (whose text holds every one of `words`, in any
        case, when given)."""
        ...

    async def open_page(self, offset: int, limit: int, words: Sequence[str] = ()) -> list[Idea]:
        """One page of `open_ideas` (those matching `words`, as `count_open`)."""
        ...

    async def recent_from(self, person_id: int, since: datetime, limit: int) -> list[datetime]:
        """When the person put forward their latest ideas since `since` (newest first, at most
        `limit`), whatever became of them. Locks the person first, so that two events of
        one member (or of linked accounts) count one after the other, never both at once."""
        ...

    async def open_texts(self, limit: int) -> list[tuple[int, str]]:
        """(id, text) of the newest open ideas, at most `limit`: what a new idea is compared to."""
        ...

    async def support_from_others(self, idea_id: int, person_id: int) -> int:
        """How many people other than `person_id` support the idea."""
        ...

    async def edit(self, idea_id: int, text: str, now: datetime) -> None: ...

    async def hide(self, idea_id: int, reason: str, now: datetime) -> None: ...

    async def new_open(self, start: datetime, end: datetime, limit: int) -> tuple[int, list[Idea]]:
        """How many ideas created in [start, end) are still open, and the first `limit`."""
        ...

    async def set_commission(self, idea_id: int, commission: str | None) -> None: ...

    async def support(self, idea_id: int, person_id: int, now: datetime) -> bool:
        """Add one person's support; False if they already support it (no double count)."""
        ...

    async def set_status(
        self, idea_id: int, status: IdeaStatus, merged_into: int | None = None
    ) -> None: ...

    async def move_supporters(self, from_idea: int, to_idea: int) -> None:
        """Supporters of `from_idea` support `to_idea`; someone who supported both counts once."""
        ...

    async def merge_people(self, keep: int, gone: int) -> None:
        """Person `gone` became `keep` (/link): their supports move, counted once."""
        ...

    async def by_author(self, person_id: int) -> list[Idea]:
        """Every idea the person put forward, whatever its status, oldest first."""
        ...

    async def supported_by(self, person_id: int) -> list[Idea]: ...

    async def remove_supports(self, person_id: int) -> int: ...

    async def erase_author(self, idea_id: int) -> None:
        """Keep the idea without its author."""
        ...

    async def delete(self, idea_id: int) -> None:
        """Delete the idea with its supports; duplicates merged into it stay, unlinked."""
        ...


IDEAS: StoreKey[IdeaStore] = StoreKey("ideas")
