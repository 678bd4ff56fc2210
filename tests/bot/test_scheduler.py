"""The scheduler with controlled time: due jobs, recurrence across DST, missed jobs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from adapters.fake import FakeAdapter
from bot.app import App, build_router
from bot.config import Config
from bot.model import ChatKind, ChatRef, OutgoingMessage
from bot.router import Router
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
