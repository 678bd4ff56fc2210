"""`Coalescer`: requests arriving while a batch runs go together in the next, each caller
gets its own answer, and a failed batch fails only its own callers."""

from __future__ import annotations

import asyncio

import pytest

from storage.repos.coalesce import Coalescer


class Doubler:
    """A batch function that records each batch and can be told to fail the next one."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.fail_next = False
        self.gate = asyncio.Event()
        self.gate.set()

    async def __call__(self, batch: list[int]) -> list[int]:
        await self.gate.wait()
        self.batches.append(batch)
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("database gone")
        return [n * 2 for n in batch]


async def test_requests_arriving_together_share_a_batch_and_keep_their_answers() -> None:
    run = Doubler()
    coalescer = Coalescer(run, max_batch=100)
    answers = await asyncio.gather(*(coalescer.submit(n) for n in range(10)))
    assert answers == [n * 2 for n in range(10)]
    assert run.batches == [list(range(10))]
    assert coalescer.batches == 1


async def test_what_arrives_during_a_batch_goes_in_the_next_at_most_max_batch() -> None:
    run = Doubler()
    coalescer = Coalescer(run, max_batch=3)
    run.gate.clear()
    first = asyncio.ensure_future(coalescer.submit(0))
    await asyncio.sleep(0)  # the first batch has started and waits at the gate
    later = [asyncio.ensure_future(coalescer.submit(n)) for n in range(1, 8)]
    run.gate.set()
    assert await asyncio.gather(first, *later) == [n * 2 for n in range(8)]
    assert run.batches == [[0], [1, 2, 3], [4, 5, 6], [7]]


async def test_a_failed_batch_fails_its_callers_and_the_next_batch_still_runs() -> None:
    run = Doubler()
    coalescer = Coalescer(run, max_batch=2)
    run.fail_next = True
    results = await asyncio.gather(*(coalescer.submit(n) for n in range(4)), return_exceptions=True)
    assert [type(r) for r in results[:2]] == [RuntimeError, RuntimeError]
    assert results[2:] == [4, 6]
    assert await coalescer.submit(5) == 10  # and it carries on afterwards


async def test_a_caller_that_gives_up_does_not_disturb_the_others() -> None:
    run = Doubler()
    coalescer = Coalescer(run, max_batch=10)
    run.gate.clear()
    impatient = asyncio.ensure_future(coalescer.submit(1))
    patient = asyncio.ensure_future(coalescer.submit(2))
    await asyncio.sleep(0)  # both are in the batch, which waits at the gate
    impatient.cancel()
    run.gate.set()
    assert await patient == 4
    assert run.batches == [[1, 2]]
    with pytest.raises(asyncio.CancelledError):
        await impatient
