"""Members' personal data: what each feature holds about a member, to show (/mydata) and
to erase (/forgetme).

Each feature owns its data, so each contributes its own part: it registers a
`PersonalData` with `@router.personal_data` (see bot.router), whose `export` returns a
JSON-ready summary of what it holds about the member and whose `erase` removes it, saying
what it deleted and what it kept and why. The request names every identity linked to the
same person (/link), so data on every platform is covered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.model import Identity
from bot.stores import UnitOfWork

if TYPE_CHECKING:
    from bot.config import Config
    from bot.context import Services

ERASED = "(erased)"
"""What stands in for a member's name where a record is kept without them."""


@dataclass(frozen=True, slots=True)
class PersonalDataRequest:
    """Who is asking, with every identity linked to them, in one unit of work."""

    services: Services
    uow: UnitOfWork
    person_id: int
    identities: tuple[Identity, ...]
    now: datetime

    @property
    def config(self) -> Config:
        return self.services.config

    def owns(self, platform: str, user_id: str) -> bool:
        return any(i.platform == platform and i.user_id == user_id for i in self.identities)

    @property
    def keys(self) -> set[str]:
        """`platform:user_id` of every linked identity."""
        return {i.key for i in self.identities}

    def when(self, moment: datetime | None) -> str | None:
        """A time for the export: ISO 8601 in the CLP's time zone, readable and parseable."""
        if moment is None:
            return None
        return moment.astimezone(self.config.clp.zone).isoformat(timespec="minutes")


@dataclass(frozen=True, slots=True)
class Kept:
    """Something kept after an erasure, and why (told to the member word for word)."""

    what: str
    why: str


@dataclass(slots=True)
class ErasureReport:
    section: str
    deleted: list[str] = field(default_factory=list)
    """What was removed, in words a member understands ("2 RSVPs")."""
    kept: list[Kept] = field(default_factory=list)


Exporter = Callable[[PersonalDataRequest], Awaitable[Any]]
Eraser = Callable[[PersonalDataRequest], Awaitable[ErasureReport]]


@dataclass(frozen=True, slots=True)
class PersonalData:
    """One feature's share of a member's data.

    `explanation` says, for a person reading the export, what this section is and why the
    bot holds it. Erasers run in `order` (lower first); the linked accounts go last, since
    the others find the member through them.
    """

    name: str
    title: str
    explanation: str
    export: Exporter
    erase: Eraser
    order: int = 50


async def export_all(providers: list[PersonalData], req: PersonalDataRequest) -> dict[str, Any]:
    """Every feature's section, keyed by name, each with its explanation."""
    sections: dict[str, Any] = {}
    for provider in sorted(providers, key=lambda p: (p.order, p.name)):
        sections[provider.name] = {
            "title": provider.title,
            "explanation": provider.explanation,
            "data": await provider.export(req),
        }
    return sections


async def erase_all(providers: list[PersonalData], req: PersonalDataRequest) -> list[ErasureReport]:
    """Run every eraser in order, in the request's unit of work (the caller commits)."""
    reports = []
    for provider in sorted(providers, key=lambda p: (p.order, p.name)):
        reports.append(await provider.erase(req))
    return reports
