"""The unit of work a job handler gets inside a batch: a savepoint of its own, opened lazily.

Many jobs run in one transaction (see bot.scheduling.batch), so each handler's writes sit
in a savepoint: a handler that raises loses only its own writes. A savepoint costs two
statements (SAVEPOINT, RELEASE), which for a thousand reminders due at once would be most
of the batch's time; so it is opened at the handler's first database call, and a handler
that never touches the database (or fails before it does) costs none.

Handlers reach the database only through stores (`uow.get(KEY)`), whose methods are all
coroutines: each store handed out here opens the savepoint before its first call.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from types import TracebackType
from typing import Any, TypeVar, cast

from bot.stores import StoreKey, UnitOfWork

T = TypeVar("T")


class HandlerUnit:
    """`UnitOfWork` for one handler in a batch: the batch's transaction, with this handler's
    writes in a savepoint. Use as `async with HandlerUnit(uow) as unit:`; an exception
    leaving the block rolls the savepoint back and goes on. The batch commits, so a
    handler may not commit or roll back itself."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._stack = AsyncExitStack()
        self._open = False

    async def __aenter__(self) -> HandlerUnit:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        return bool(await self._stack.__aexit__(kind, error, traceback))

    async def _opened(self) -> None:
        if not self._open:
            self._open = True
            await self._stack.enter_async_context(self._uow.savepoint())

    @property
    def opened(self) -> bool:
        """Whether this handler touched the database (and so has a savepoint)."""
        return self._open

    def get(self, key: StoreKey[T]) -> T:
        return cast(T, _SavepointFirst(self._uow.get(key), self._opened))

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._uow.after_commit(callback)

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        await self._opened()
        async with self._uow.savepoint():
            yield

    async def commit(self) -> None:
        raise RuntimeError("a scheduled job's writes commit with its batch, not on their own")

    async def rollback(self) -> None:
        raise RuntimeError("a scheduled job rolls back by raising, which undoes only its own work")


class _SavepointFirst:
    """A store whose coroutine methods open the handler's savepoint before they run."""

    def __init__(self, store: object, opened: Callable[[], Awaitable[None]]) -> None:
        self._store = store
        self._opened = opened

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not inspect.iscoroutinefunction(attribute):
            return attribute

        @functools.wraps(attribute)
        async def call(*args: Any, **kwargs: Any) -> Any:
            await self._opened()
            return await attribute(*args, **kwargs)

        return call
