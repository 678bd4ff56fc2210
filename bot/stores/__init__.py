"""Repository interfaces. The core and the features talk to storage only through these.

Each feature declares its store as a `Protocol` in a module here and a `StoreKey` for it;
`storage/` implements it and registers the implementation under the key. A handler asks
its unit of work for a store by key: `ctx.uow.get(SUBMISSIONS)`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class StoreKey(Generic[T]):
    """A typed name for a store, so that `uow.get(KEY)` returns the right interface."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"StoreKey({self.name!r})"


class UnitOfWork(Protocol):
    """One database transaction, opened per incoming event or scheduled job."""

    def get(self, key: StoreKey[T]) -> T: ...

    async def commit(self) -> None: ...

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the next commit has succeeded (never on a rollback).

        For work that must only start when the data is visible to others: the outbox is
        woken this way, so delivery never looks before the post is committed.
        """
        ...

    async def rollback(self) -> None: ...

    def savepoint(self) -> AbstractAsyncContextManager[None]:
        """A nested transaction (SQL `SAVEPOINT`): if the block raises, only the writes made
        inside it are undone and the exception goes on; the rest of the transaction stays.

        The scheduler runs many job handlers in one transaction, each in its own savepoint,
        so one failing handler does not undo the others.
        """
        ...


class Storage(Protocol):
    def unit(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """A unit of work; commits on a clean exit, rolls back on an exception."""
        ...

    async def upgrade(self) -> None:
        """Apply every pending migration."""
        ...

    async def ping(self) -> None:
        """Raise unless the database answers a trivial query (for /healthz)."""
        ...

    async def close(self) -> None: ...

    async def try_lead(self, name: str) -> bool:
        """Try to become the one process that runs `name` (the scheduler) on this database.

        PostgreSQL: a session advisory lock held on a dedicated connection; it is released
        when this process dies. SQLite: one process per database file, always granted.
        Calling it again while leading checks that the lock is still held.
        """
        ...

    async def resign(self, name: str) -> None: ...
