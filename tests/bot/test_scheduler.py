"""The scheduler with controlled time: due jobs, recurrence across DST, missed jobs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from adapters.fake import FakeAdapter
from bot.app import App, build_router
from bot.config import Config
from bot.model import ChatKind, ChatRef, OutgoingMessage
from bot.router import Router
from bot.scheduling.batch import BATCH_SIZE
from bot.scheduling.scheduler import JobContext
from bot.stores.scheduling import SCHEDULE, JobState, ScheduledJob
from tests.support import FrozenClock, make_config, running_app

GROUP = ChatRef("fake", "group-1", ChatKind.GROUP)
runs: list[datetime] = []


def router_with_a_job() -> Router:
    jobs = Router("test-jobs")

    @jobs.job("hello")
    async def hello(job: JobContext) -> None:
        runs.append(job.due_at)
        text = str(job.job.payload["text"])
        await job.services.outbox.post(
            job.uow,
            f"hello:{job.job.id}:{job.due_at.isoformat()}",
            [GROUP],
            OutgoingMessage.text(text),
        )

    root = build_router()
    root.include(jobs)
    return root


@pytest.fixture
async def jobs_app(config: Config, fake: FakeAdapter, clock: FrozenClock) -> AsyncIterator[App]:
    runs.clear()
    async with running_app(config, fake, clock=clock, router=router_with_a_job()) as app:
        yield app


async def add(app: App, job: ScheduledJob) -> ScheduledJob:
    async with app.storage.unit() as uow:
        added = await app.services.scheduler.schedule(uow, job)
    app.services.scheduler.arm(added)
    return added


async def test_a_job_runs_when_due_and_only_once(
    jobs_app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    due = clock.now.replace(hour=12)
    await add(jobs_app, ScheduledJob("hello", due, payload={"text": "noon"}))
    assert await jobs_app.services.scheduler.run_due() == 0
    clock.now = due
    assert await jobs_app.services.scheduler.run_due() == 1
    assert await jobs_app.services.scheduler.run_due() == 0
    await jobs_app.services.outbox.deliver_pending()
    assert [s.text for s in fake.sent if s.chat == GROUP] == ["noon"]


async def test_weekly_recurrence_keeps_local_time_across_the_clock_change(
    jobs_app: App, clock: FrozenClock
) -> None:
    # Mondays 09:00 Europe/London; British Summer Time starts on Sunday 29 March 2026.
    first = datetime(2026, 3, 23, 9, 0, tzinfo=UTC)  # GMT: 09:00 local is 09:00 UTC
    job = await add(
        jobs_app,
        ScheduledJob(
            "hello",
            first,
            payload={"text": "weekly"},
            recurrence={"day_of_week": "mon", "hour": 9, "minute": 0},
        ),
    )
    clock.now = first
    await jobs_app.services.scheduler.run_due()
    async with jobs_app.storage.unit() as uow:
        moved = await uow.get(SCHEDULE).get(job.id or 0)
    assert moved is not None
    assert moved.state is JobState.PENDING
    assert moved.due_at == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # BST: 09:00 local


async def test_missed_within_the_grace_window_runs_at_start(
    config: Config, clock: FrozenClock
) -> None:
    runs.clear()
    fake = FakeAdapter()
    due = clock.now
    async with running_app(config, fake, clock=clock, router=router_with_a_job()) as app:
        await app.services.scheduler.stop()  # the bot goes down before the job is due
        await add(app, ScheduledJob("hello", due, payload={"text": "late but fine"}))
    clock.advance(minutes=config.scheduler.grace_minutes - 1)
    async with running_app(config, fake, clock=clock, router=router_with_a_job()) as app:
        await app.services.scheduler.catch_up()
        await app.services.outbox.deliver_pending()
    assert runs == [due]
    assert [s.text for s in fake.sent if s.chat == GROUP] == ["late but fine"]


async def test_missed_outside_the_grace_window_is_reported_to_officers(
    sqlite_url: str, clock: FrozenClock
) -> None:
    runs.clear()
    config = make_config(sqlite_url, console={"enabled": True})
    fake = FakeAdapter(platform="console")
    due = clock.now
    async with running_app(config, fake, clock=clock, router=router_with_a_job()) as app:
        await app.services.scheduler.stop()
        await add(app, ScheduledJob("hello", due, payload={"text": "x", "summary": "Quiz night"}))
    clock.advance(hours=5)
    async with running_app(config, fake, clock=clock, router=router_with_a_job()) as app:
        await app.services.scheduler.catch_up()
        await app.services.outbox.deliver_pending()
        async with app.storage.unit() as uow:
            [job] = await uow.get(SCHEDULE).for_ref("hello", "")
    assert runs == []
    assert job.state is JobState.MISSED
    [report] = [s.text for s in fake.sent]
    assert "Missed while the bot was offline: Quiz night" in report


async def test_a_job_that_must_run_late_runs_however_late(
    sqlite_url: str, clock: FrozenClock
) -> None:
    runs.clear()
    config = make_config(sqlite_url, console={"enabled": True})
    fake = FakeAdapter(platform="console")
    late = Router("late")

    @late.job("housekeeping", run_late=True)
    async def housekeeping(job: JobContext) -> None:
        runs.append(job.due_at)

    root = router_with_a_job()
    root.include(late)
    due = clock.now
    async with running_app(config, fake, clock=clock, router=root) as app:
        await app.services.scheduler.stop()
        await add(app, ScheduledJob("housekeeping", due))
    clock.advance(days=3)
    async with running_app(config, fake, clock=clock, router=root) as app:
        await app.services.scheduler.catch_up()
        await app.services.outbox.deliver_pending()
    assert runs == [due]
    assert not any("Missed" in s.text for s in fake.sent)


# --- jobs due together run as one batch ------------------------------------------------


class SqlCounter:
    """Statements and commits on an engine (an executemany counts once) made by `tasks`, or
    else by the task that made the counter (the test's, which awaits the sweep). The
    outbox's delivery loop and the scheduler's own sweeps run beside them and queue for
    SQLite's write lock with them; their transactions are not the ones measured here.
    `counting` also stops the outbox's idle loop first (it claims and commits every 5 s)."""

    def __init__(self, app: App, tasks: Sequence[asyncio.Task[Any]] = ()) -> None:
        self.statements: list[str] = []
        self.commits = 0
        self._tasks: set[asyncio.Task[Any] | None] = set(tasks) or {asyncio.current_task()}
        engine = app.storage.engine  # type: ignore[attr-defined]
        event.listen(engine.sync_engine, "before_cursor_execute", self._statement)
        event.listen(engine.sync_engine, "commit", self._commit)

    def _statement(self, *args: Any) -> None:
        if asyncio.current_task() in self._tasks:
            self.statements.append(str(args[2]))

    def _commit(self, *args: Any) -> None:
        if asyncio.current_task() in self._tasks:
            self.commits += 1

    def take(self) -> tuple[int, int]:
        counted = (len(self.statements), self.commits)
        self.statements, self.commits = [], 0
        return counted


async def counting(app: App) -> SqlCounter:
    await app.services.outbox.stop()
    return SqlCounter(app)


quiet_runs: list[int] = []
failing: set[str] = set()


def router_for_batches() -> Router:
    root = router_with_a_job()
    batch = Router("test-batches")

    @batch.job("quiet")
    async def quiet(job: JobContext) -> None:  # touches no data: no savepoint either
        quiet_runs.append(job.job.id or 0)

    @batch.job("flaky")
    async def flaky(job: JobContext) -> None:
        await job.services.outbox.post(
            job.uow, f"flaky:{job.job.ref}", [GROUP], OutgoingMessage.text(job.job.ref)
        )
        if job.job.ref in failing:
            raise RuntimeError(f"{job.job.ref} failed")

    root.include(batch)
    return root


@pytest.fixture
async def batch_app(config: Config, fake: FakeAdapter, clock: FrozenClock) -> AsyncIterator[App]:
    runs.clear()
    quiet_runs.clear()
    failing.clear()
    async with running_app(config, fake, clock=clock, router=router_for_batches()) as app:
        yield app


async def add_many(app: App, jobs: list[ScheduledJob]) -> list[ScheduledJob]:
    """Scheduled in one unit; a leading scheduler arms them once it has committed."""
    async with app.storage.unit() as uow:
        return [await app.services.scheduler.schedule(uow, job) for job in jobs]


async def states(app: App, jobs: list[ScheduledJob]) -> dict[str, JobState]:
    async with app.storage.unit() as uow:
        store = uow.get(SCHEDULE)
        read = [await store.get(job.id or 0) for job in jobs]
    return {job.ref: job.state for job in read if job is not None}


async def test_many_jobs_due_at_one_instant_run_once_each_in_one_transaction(
    batch_app: App, clock: FrozenClock
) -> None:
    due = clock.now + timedelta(minutes=5)
    jobs = await add_many(batch_app, [ScheduledJob("quiet", due, ref=f"r{n}") for n in range(250)])
    clock.now = due
    counter = await counting(batch_app)
    assert await batch_app.services.scheduler.run_due() == 250
    statements, commits = counter.take()
    assert sorted(quiet_runs) == sorted(job.id or 0 for job in jobs)
    assert commits == 1
    assert statements <= 3  # read the due jobs, claim them, nothing per job
    assert await batch_app.services.scheduler.run_due() == 0
    assert sorted(quiet_runs) == sorted(job.id or 0 for job in jobs)  # still once each


async def test_statements_for_a_batch_do_not_grow_with_the_number_of_jobs(
    batch_app: App, clock: FrozenClock
) -> None:
    counter = await counting(batch_app)
    measured = []
    for size in (10, 400):
        due = clock.now + timedelta(minutes=5)
        await add_many(
            batch_app, [ScheduledJob("quiet", due, ref=f"{size}:{n}") for n in range(size)]
        )
        clock.now = due
        counter.take()
        assert await batch_app.services.scheduler.run_due() == size
        measured.append(counter.take())
    assert measured[0] == measured[1]  # the same statements and one commit, 10 jobs or 400
    assert measured[1][1] == 1


async def test_more_jobs_than_a_batch_take_a_few_transactions_not_one_each(
    batch_app: App, clock: FrozenClock
) -> None:
    due = clock.now + timedelta(minutes=5)
    size = 2 * BATCH_SIZE + 1
    await add_many(batch_app, [ScheduledJob("quiet", due, ref=f"b{n}") for n in range(size)])
    clock.now = due
    counter = await counting(batch_app)
    assert await batch_app.services.scheduler.run_due() == size
    assert counter.take()[1] == 3
    assert len(set(quiet_runs)) == size


async def test_a_handler_that_raises_loses_only_its_own_work_and_runs_again_later(
    batch_app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    due = clock.now + timedelta(minutes=5)
    jobs = await add_many(batch_app, [ScheduledJob("flaky", due, ref=f"r{n}") for n in range(5)])
    clock.now = due
    failing.add("r2")
    assert await batch_app.services.scheduler.run_due() == 4
    assert await states(batch_app, jobs) == {
        "r0": JobState.DONE,
        "r1": JobState.DONE,
        "r2": JobState.PENDING,
        "r3": JobState.DONE,
        "r4": JobState.DONE,
    }
    async with batch_app.storage.unit() as uow:
        [again] = await uow.get(SCHEDULE).for_ref("flaky", "r2")
    assert (again.due_at, again.last_run_at) == (due, None)  # its claim was undone too
    await batch_app.services.outbox.deliver_pending()
    assert sorted(s.text for s in fake.sent) == ["r0", "r1", "r3", "r4"]  # r2's post undone
    failing.clear()
    assert await batch_app.services.scheduler.run_due() == 1  # the next sweep retries it
    await batch_app.services.outbox.deliver_pending()
    assert sorted(s.text for s in fake.sent) == ["r0", "r1", "r2", "r3", "r4"]


async def test_a_recurring_job_in_a_batch_moves_on_and_the_others_finish(
    batch_app: App, clock: FrozenClock
) -> None:
    due = clock.now + timedelta(minutes=5)  # Monday 2 March 2026, 10:05 in London (GMT)
    weekly = {"day_of_week": "mon", "hour": 10, "minute": 5}
    [recurring, *once] = await add_many(
        batch_app,
        [ScheduledJob("hello", due, payload={"text": "weekly"}, recurrence=weekly)]
        + [ScheduledJob("quiet", due, ref=f"r{n}") for n in range(3)],
    )
    clock.now = due
    assert await batch_app.services.scheduler.run_due() == 4
    async with batch_app.storage.unit() as uow:
        store = uow.get(SCHEDULE)
        moved = await store.get(recurring.id or 0)
        finished = [await store.get(job.id or 0) for job in once]
    assert moved is not None
    assert (moved.state, moved.due_at) == (JobState.PENDING, due + timedelta(days=7))
    assert all(job is not None and job.state is JobState.DONE for job in finished)
    assert runs == [due]


async def test_timers_firing_together_sweep_once_or_twice_not_once_each(
    batch_app: App, clock: FrozenClock
) -> None:
    scheduler = batch_app.services.scheduler
    due = clock.now
    jobs = [ScheduledJob("quiet", due, ref=f"r{n}") for n in range(100)]
    async with batch_app.storage.unit() as uow:  # rows without timers: they fire by hand
        jobs = [await uow.get(SCHEDULE).add(job) for job in jobs]
    scheduler.leading = True
    fired = [asyncio.create_task(scheduler._fire()) for _ in jobs]
    # the scheduler's own periodic sweep may take the jobs first: it is counted too
    lead = [scheduler._lead_task] if scheduler._lead_task is not None else []
    counter = SqlCounter(batch_app, [*fired, *lead])
    await asyncio.gather(*fired)
    assert sorted(quiet_runs) == sorted(job.id or 0 for job in jobs)
    schedule = [sql.split()[0] for sql in counter.statements if "scheduled_jobs" in sql]
    # one sweep reads and claims; those that fired while it ran sweep once more and find
    # nothing; the rest see that a sweep began after they fired
    assert schedule.count("UPDATE") == 1
    assert schedule.count("SELECT") <= 3, schedule


async def test_a_sweep_arms_jobs_other_processes_added_reading_only_those(
    batch_app: App, clock: FrozenClock
) -> None:
    """Jobs committed elsewhere get their timers at the next sweep, which reads only the jobs
    added since the last one; every `FULL_READ_EVERY` sweeps it reads them all again."""
    from bot.scheduling.scheduler import FULL_READ_EVERY

    scheduler = batch_app.services.scheduler
    if scheduler._lead_task is not None:  # this test does the periodic sweeps itself
        scheduler._lead_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await scheduler._lead_task
        scheduler._lead_task = None
    scheduler.leading, scheduler._catch_ups = True, 0

    async def added_elsewhere(count: int, hours: int) -> list[ScheduledJob]:
        async with batch_app.storage.unit() as uow:  # no timer: as if another process added them
            return [
                await uow.get(SCHEDULE).add(
                    ScheduledJob("quiet", clock.now + timedelta(hours=hours + n), ref=f"e{n}")
                )
                for n in range(count)
            ]

    first = await added_elsewhere(3, hours=1)
    await scheduler.catch_up()
    assert all(scheduler._armed(job) for job in first)
    scheduler._disarm_all()
    second = await added_elsewhere(2, hours=10)
    await scheduler.catch_up()
    assert [scheduler._armed(job) for job in first + second] == [False] * 3 + [True] * 2
    for _ in range(FULL_READ_EVERY - 2):
        await scheduler.catch_up()
    assert not any(scheduler._armed(job) for job in first)
    await scheduler.catch_up()  # the periodic full read
    assert all(scheduler._armed(job) for job in first + second)
