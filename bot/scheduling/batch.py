"""Running what is due: every job due by a moment, many in one transaction.

A thousand reminders due at one instant used to be a thousand write transactions, which
SQLite serialises (the last one started 1.7 s late). A sweep instead reads the due jobs
`BATCH_SIZE` at a time, claims them all in a few statements, runs their handlers and
commits once per batch. The guarantees are those of one job per transaction:

- a job is claimed (moved on, or done) only in the transaction that holds its handler's
  writes, such as the posts it queues in the outbox;
- each handler runs in its own savepoint (`HandlerUnit`): one that raises is logged, its
  writes and its claim are undone, and it stays pending for the next sweep, while the rest
  of the batch commits;
- the claim is a compare-and-set on each job's due time (and on PostgreSQL the due rows
  are read `FOR UPDATE SKIP LOCKED`), so across processes no occurrence runs twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.model import OutgoingMessage
from bot.scheduling.handler_unit import HandlerUnit
from bot.stores import UnitOfWork
from bot.stores.scheduling import SCHEDULE, JobState, ScheduledJob, ScheduleStore
from bot.targets import officer_chats

if TYPE_CHECKING:
    from bot.context import Services

log = logging.getLogger("clpbot.scheduler")
BATCH_SIZE = 500
"""Jobs per transaction: a sweep loops until nothing due is left, so a transaction (and
the locks it holds) stays bounded however many jobs fall due together."""


@dataclass
class JobContext:
    """What a job handler gets: the services, a unit of work, the job, and its time."""

    services: Services
    uow: UnitOfWork
    job: ScheduledJob
    due_at: datetime

    def now(self) -> datetime:
        return self.services.clock()


@dataclass
class Swept:
    """What a sweep did, once committed."""

    ran: set[int] = field(default_factory=set)
    """Jobs whose handler ran (not those reported as missed)."""
    rearm: list[ScheduledJob] = field(default_factory=list)
    """Recurring jobs moved on to their next occurrence: they need a timer."""


@dataclass
class _Plan:
    job: ScheduledJob
    moved: ScheduledJob
    handler: Callable[[JobContext], Awaitable[None]]
    missed: bool = False


def next_occurrence(
    recurrence: dict[str, Any] | None, after: datetime, zone: ZoneInfo
) -> datetime | None:
    if not recurrence:
        return None
    trigger = CronTrigger(timezone=zone, **recurrence)
    following: datetime | None = trigger.get_next_fire_time(None, after + timedelta(seconds=1))
    return following


def moved_on(job: ScheduledJob, now: datetime, zone: ZoneInfo) -> ScheduledJob:
    """The job as it should be after this run: the next occurrence, or done."""
    following = next_occurrence(job.recurrence, max(now, job.due_at), zone)
    state = JobState.PENDING if following is not None else JobState.DONE
    return ScheduledJob(
        kind=job.kind,
        due_at=following or job.due_at,
        ref=job.ref,
        payload=job.payload,
        recurrence=job.recurrence,
        state=state,
        id=job.id,
    )


async def sweep(services: Services, now: datetime, grace: timedelta | None) -> Swept:
    """Run every job due by `now`, one transaction per `BATCH_SIZE` jobs.

    With `grace`, a job more than `grace` late is reported to the officers instead of run
    (unless its kind runs late); without, everything due runs.
    """
    swept = Swept()
    after: tuple[datetime, int] | None = None
    while True:
        after = await _batch(services, now, grace, after, swept)
        if after is None:
            return swept


async def _batch(
    services: Services,
    now: datetime,
    grace: timedelta | None,
    after: tuple[datetime, int] | None,
    swept: Swept,
) -> tuple[datetime, int] | None:
    """One transaction; returns where the next batch starts, or None when this was the last.

    The next batch starts after the last job read (not from the top), so jobs left pending
    here (a failed handler, an unknown kind) are not read again in this sweep.
    """
    async with services.storage.unit() as uow:
        store = uow.get(SCHEDULE)
        jobs = await store.due(now, BATCH_SIZE, after)
        plans = [plan for job in jobs if (plan := _plan(services, job, now, grace)) is not None]
        claimed = (
            await store.claim_all([(plan.job.due_at, plan.moved) for plan in plans], now)
            if plans
            else set()
        )
        done: list[_Plan] = []
        for plan in plans:
            if plan.job.id in claimed and await _run(services, uow, store, plan):
                done.append(plan)
    for plan in done:
        job = plan.job
        assert job.id is not None
        if plan.missed:
            log.warning("scheduled job %s (%s) missed its time %s", job.id, job.kind, job.due_at)
        else:
            log.info("ran scheduled job %s (%s, due %s)", job.id, job.kind, job.due_at.isoformat())
            swept.ran.add(job.id)
        if plan.moved.state is JobState.PENDING:
            swept.rearm.append(plan.moved)
    if len(jobs) < BATCH_SIZE:
        return None
    last = jobs[-1]
    assert last.id is not None
    return last.due_at, last.id


def _plan(
    services: Services, job: ScheduledJob, now: datetime, grace: timedelta | None
) -> _Plan | None:
    zone = services.config.clp.zone
    moved = moved_on(job, now, zone)
    late = grace is not None and now - job.due_at > grace
    if late and job.kind not in services.registry.run_late:
        if moved.state is JobState.DONE:
            moved.state = JobState.MISSED
        return _Plan(job, moved, _report_missed, missed=True)
    handler = services.registry.jobs.get(job.kind)
    if handler is None:
        log.error("no handler for scheduled job kind %r (job %s)", job.kind, job.id)
        return None
    return _Plan(job, moved, handler)


async def _run(services: Services, uow: UnitOfWork, store: ScheduleStore, plan: _Plan) -> bool:
    """Run one claimed job's handler in its savepoint; on failure undo its claim too."""
    try:
        async with HandlerUnit(uow) as unit:
            await plan.handler(JobContext(services, unit, plan.job, plan.job.due_at))
    except Exception:
        log.exception(
            "scheduled job %s (%s) failed; it stays pending for the next sweep",
            plan.job.id,
            plan.job.kind,
        )
        await store.unclaim(plan.job)
        return False
    return True


async def _report_missed(job: JobContext) -> None:
    """Too late to send: tell the officers, never drop it silently."""
    config = job.services.config
    what = str(job.job.payload.get("summary") or job.job.kind)
    when = job.due_at.astimezone(config.clp.zone).strftime("%a %d %b %Y %H:%M")
    message = OutgoingMessage.text(
        f"Missed while the bot was offline: {what}, due {when}. It was not sent"
        " because it is now too late; please send or reschedule it if it is still wanted."
    )
    key = f"missed:{job.job.id}:{job.due_at.isoformat()}"
    await job.services.outbox.post(job.uow, key, officer_chats(config), message)
