"""Schedule claims in bulk: jobs due together are claimed in a few statements, each
occurrence by one transaction only, and a claim can be undone in its own transaction."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.stores.scheduling import SCHEDULE, JobState, ScheduledJob
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def add(storage: SqlStorage, *jobs: ScheduledJob) -> list[ScheduledJob]:
    async with storage.unit() as uow:
        return [await uow.get(SCHEDULE).add(job) for job in jobs]


def done(job: ScheduledJob) -> tuple[datetime, ScheduledJob]:
    moved = ScheduledJob(job.kind, job.due_at, ref=job.ref, state=JobState.DONE, id=job.id)
    return job.due_at, moved


def next_week(job: ScheduledJob) -> tuple[datetime, ScheduledJob]:
    moved = ScheduledJob(job.kind, job.due_at + timedelta(days=7), ref=job.ref, id=job.id)
    return job.due_at, moved


async def read(storage: SqlStorage, job: ScheduledJob) -> ScheduledJob:
    async with storage.unit() as uow:
        found = await uow.get(SCHEDULE).get(job.id or 0)
    assert found is not None
    return found


async def test_due_jobs_are_read_in_order_and_page_on(storage: SqlStorage) -> None:
    jobs = await add(
        storage,
        *(ScheduledJob("k", NOW - timedelta(minutes=n % 3), ref=f"r{n}") for n in range(7)),
        ScheduledJob("k", NOW + timedelta(minutes=1), ref="later"),
    )
    async with storage.unit() as uow:
        store = uow.get(SCHEDULE)
        first = await store.due(NOW, 4)
        last = first[-1]
        rest = await store.due(NOW, 4, after=(last.due_at, last.id or 0))
    assert [(j.due_at, j.id) for j in first + rest] == sorted(
        (j.due_at, j.id) for j in jobs if j.ref != "later"
    )


async def test_a_bulk_claim_takes_each_occurrence_once(storage: SqlStorage) -> None:
    jobs = await add(storage, *(ScheduledJob("k", NOW, ref=f"r{n}") for n in range(6)))
    moves = [done(job) for job in jobs[:4]] + [next_week(job) for job in jobs[4:]]
    async with storage.unit() as uow:
        claimed = await uow.get(SCHEDULE).claim_all(moves, NOW)
    async with storage.unit() as uow:
        again = await uow.get(SCHEDULE).claim_all(moves, NOW)
    assert claimed == {job.id for job in jobs}
    assert again == set()
    states = [(j.state, j.due_at, j.last_run_at) for j in [await read(storage, j) for j in jobs]]
    assert (
        states
        == [(JobState.DONE, NOW, NOW)] * 4 + [(JobState.PENDING, NOW + timedelta(days=7), NOW)] * 2
    )


async def test_a_claim_of_an_occurrence_that_moved_on_takes_nothing(storage: SqlStorage) -> None:
    [job] = await add(storage, ScheduledJob("k", NOW))
    async with storage.unit() as uow:
        assert await uow.get(SCHEDULE).claim_all([next_week(job)], NOW) == {job.id}
    async with storage.unit() as uow:  # a claim made from the old due time loses
        assert await uow.get(SCHEDULE).claim_all([done(job)], NOW) == set()
    assert (await read(storage, job)).state is JobState.PENDING


async def test_an_undone_claim_leaves_the_job_as_it_was(storage: SqlStorage) -> None:
    [job] = await add(storage, ScheduledJob("k", NOW))
    async with storage.unit() as uow:
        store = uow.get(SCHEDULE)
        assert await store.claim_all([next_week(job)], NOW) == {job.id}
        await store.unclaim(job)
    after = await read(storage, job)
    assert (after.state, after.due_at, after.last_run_at) == (JobState.PENDING, NOW, None)


async def test_due_jobs_another_process_is_claiming_are_skipped(
    storage: SqlStorage, storage_url: str
) -> None:
    if storage.engine.dialect.name != "postgresql":
        pytest.skip("SQLite: one process per database file")
    await add(storage, *(ScheduledJob("k", NOW, ref=f"r{n}") for n in range(10)))
    other = SqlStorage(storage_url)

    async def read_due(limit: int) -> list[ScheduledJob]:
        async with other.unit() as uow:
            return await uow.get(SCHEDULE).due(NOW, limit)

    try:
        async with storage.unit() as uow:  # still open: its rows stay locked
            first = await uow.get(SCHEDULE).due(NOW, 4)
            second = await asyncio.wait_for(read_due(100), timeout=30)  # no waiting on it
        assert len(first) == 4
        assert len(second) == 6
        assert {j.id for j in first}.isdisjoint(j.id for j in second)
    finally:
        await other.close()
