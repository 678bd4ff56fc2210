"""Requests that arrive while a batch is under way wait for it, then go together.

The database costs about a millisecond per awaited statement here, whatever the statement
carries, so a burst of similar requests (votes after a poll is announced) is served far
faster in batches than one by one. `Coalescer` keeps the pending requests and one task
that runs `run_batch` on them, `max_batch` at a time, until none are left; each caller
awaits its own answer. A failed batch fails each of its callers with the same error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy.ext.asyncio import AsyncEngine

Request = TypeVar("Request")
Answer = TypeVar("Answer")
Shared = TypeVar("Shared")


class Coalescer(Generic[Request, Answer]):
    def __init__(
        self,
        run_batch: Callable[[list[Request]], Awaitable[Sequence[Answer]]],
        *,
        max_batch: int,
        window: float = 0.0,
    ) -> None:
        """`run_batch` answers its requests in order. `window`: seconds the first request
        waits for company when no batch is under way (0: only what arrives meanwhile)."""
        self._run_batch = run_batch
        self._max_batch = max_batch
        self._window = window
        self._pending: list[tuple[Request, asyncio.Future[Answer]]] = []
        self._worker: asyncio.Task[None] | None = None
        self.batches = 0
        """Batches run so far (benchmarks and tests count them)."""

    async def submit(self, request: Request) -> Answer:
        answer: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._pending.append((request, answer))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._work())
        return await answer

    async def _work(self) -> None:
        if self._window:
            await asyncio.sleep(self._window)
        while self._pending:
            batch = self._pending[: self._max_batch]
            self._pending = self._pending[self._max_batch :]
            try:
                answers = await self._run_batch([request for request, _ in batch])
            except Exception as error:
                for _, answer in batch:
                    if not answer.done():
                        answer.set_exception(error)
                continue
            self.batches += 1
            for (_, answer), result in zip(batch, answers, strict=True):
                if not answer.done():
                    answer.set_result(result)


def shared_per_engine(make: Callable[[AsyncEngine], Shared]) -> Callable[[AsyncEngine], Shared]:
    """One `make(engine)` per engine, shared by every unit of work on it: requests only
    coalesce when they meet in the same batcher."""
    made: WeakKeyDictionary[AsyncEngine, Shared] = WeakKeyDictionary()

    def shared(engine: AsyncEngine) -> Shared:
        if engine not in made:
            made[engine] = make(engine)
        return made[engine]

    return shared
