"""The weekly digest is assembled from sections that each feature contributes.

A feature registers `@router.digest_section` with a function that returns its section for
the week (or None when it has nothing to say); the digest feature orders and renders them.
Sections give counts, never members' names.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.richtext import Block
from bot.stores import UnitOfWork

if TYPE_CHECKING:
    from bot.context import Services


@dataclass(frozen=True, slots=True)
class DigestSection:
    title: str
    blocks: tuple[Block, ...]
    order: int = 50
    """Lower comes first: consultations 10, submissions 20, events 30, polls 40, ideas 50."""


@dataclass(frozen=True, slots=True)
class DigestRequest:
    """The week the digest covers, [start, end), in UTC; `now` is when it is built."""

    services: Services
    uow: UnitOfWork
    start: datetime
    end: datetime
    now: datetime


DigestProvider = Callable[[DigestRequest], Awaitable[DigestSection | None]]
