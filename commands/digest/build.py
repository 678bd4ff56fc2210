"""Assembling the weekly digest from the sections every feature contributes.

The digest covers the seven days up to and including the moment it is built:
[now - 7 days, now + 1 microsecond), so what was added just now is in it.
A section that fails is logged and left out: the rest of the digest still goes out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.digest import DigestRequest, DigestSection
from bot.stores import UnitOfWork

if TYPE_CHECKING:
    from bot.context import Services

log = logging.getLogger("clpbot.digest")
WEEK = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Digest:
    clp: str
    start: datetime
    end: datetime
    sections: tuple[DigestSection, ...]
    start_day: date
    end_day: date
    """The covered days in the CLP's time zone, for headings."""

    @property
    def key(self) -> str:
        """The outbox post key: one digest per week and target, whatever the retries."""
        return f"digest:{self.start_day.isoformat()}"


async def build_digest(services: Services, uow: UnitOfWork, now: datetime) -> Digest:
    start, end = now - WEEK, now + timedelta(microseconds=1)
    request = DigestRequest(services=services, uow=uow, start=start, end=end, now=now)
    sections: list[DigestSection] = []
    for provider in services.registry.digest_sections:
        try:
            section = await provider(request)
        except Exception:
            log.exception("digest section %s failed; leaving it out", _name(provider))
            continue
        if section is not None and section.blocks:
            sections.append(section)
    sections.sort(key=lambda s: s.order)  # stable: equal orders keep registration order
    zone = services.config.clp.zone
    return Digest(
        clp=services.config.clp.name,
        start=start,
        end=end,
        sections=tuple(sections),
        start_day=start.astimezone(zone).date(),
        end_day=now.astimezone(zone).date(),
    )


def _name(provider: object) -> str:
    return str(getattr(provider, "__qualname__", provider))
