"""The scheduler: a thin wrapper over APScheduler 3 (the PTB `JobQueue` model).

The `scheduled_jobs` table is the source of truth. APScheduler (memory job store) only
wakes us at each job's time; its jobs are rebuilt from the table at start, so nothing is
pickled and nothing depends on APScheduler's own persistence. A job runs its handler
(`@router.job(kind)`) in one transaction with the claim of that occurrence, so the posts
it queues in the outbox and the fact that it ran commit together.

Only one process per database sets the timers (`Storage.try_lead`); the others retry the
lock every `[scheduler] lock_retry_seconds` and take over when the leader dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.model import OutgoingMessage
from bot.scheduling.outbox import finish_or_cancel
from bot.stores import UnitOfWork
from bot.stores.scheduling import SCHEDULE, JobState, ScheduledJob
from bot.targets import officer_chats

if TYPE_CHECKING:
    from bot.context import Services

log = logging.getLogger("clpbot.scheduler")
LEAD = "scheduler"


@dataclass
class JobContext:
    """What a job handler gets: the services, a unit of work, the job, and its time."""

    services: Services
    uow: UnitOfWork
    job: ScheduledJob
    due_at: datetime

    def now(self) -> datetime:
        return self.services.clock()


class Scheduler:
    def __init__(self, services: Services) -> None:
        self.services = services
        self._aps: AsyncIOScheduler | None = None
        self._lead_task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._job_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self.leading = False

    # --- lifecycle ------------------------------------------------------------------

    async def start(self) -> None:
        self._aps = AsyncIOScheduler(timezone="UTC")
        self._aps.start()
        self._lead_task = asyncio.create_task(self._keep_leading(), name="scheduler-lead")

    async def stop(self) -> None:
        self._stopping.set()
        if self._lead_task is not None:
            await finish_or_cancel(self._lead_task, grace=15)
        if self._aps is not None and self._aps.running:
            self._aps.shutdown(wait=False)
        if self.leading:
            await self.services.storage.resign(LEAD)
            self.leading = False

    async def _keep_leading(self) -> None:
        """Every `lock_retry_seconds`: check (or try to take) the lock; while leading, sweep.

        The sweep runs what is due, reports what is too late and arms what a timer does not
        wait for yet, such as jobs that another process scheduled. Leadership only decides
        who sets timers: running an occurrence is a claim in the database, so even two
        processes that both believe they lead (for a moment, after a network split) never
        run one occurrence twice.
        """
        retry = self.services.config.scheduler.lock_retry_seconds
        while not self._stopping.is_set():
            try:
                leading = await self.services.storage.try_lead(LEAD)
            except Exception:
                log.exception("could not check the scheduler lock")
                leading = False
            if leading and not self.leading:
                log.info("this process runs the scheduler")
                self.leading = True
            elif not leading and self.leading:
                log.warning("lost the scheduler lock; another process will run the jobs")
                self.leading = False
                self._disarm_all()
            if self.leading:
                await self._guarded(self.catch_up())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=retry)

    async def _guarded(self, work: Any) -> None:
        try:
            await work
        except Exception:
            log.exception("scheduler work failed; the sweep will retry")

    # --- scheduling -----------------------------------------------------------------

    async def schedule(self, uow: UnitOfWork, job: ScheduledJob) -> ScheduledJob:
        """Add `job` in the caller's transaction. Call `arm(job)` after the commit."""
        return await uow.get(SCHEDULE).add(job)

    def arm(self, job: ScheduledJob) -> None:
        """Set the timer for a committed job (no-op when this process is not the leader)."""
        if self._aps is None or not self.leading or job.id is None:
            return
        # Timers count from the app's clock, so a test's frozen clock never fires real timers
        # for its "past"; with the real clock this is just `due_at`.
        wait = max(job.due_at - self.services.clock(), timedelta(0))
        self._aps.add_job(
            self._fire,
            DateTrigger(run_date=datetime.now(UTC) + wait),
            args=[job.id],
            id=f"job:{job.id}",
            replace_existing=True,
            misfire_grace_time=None,
        )

    async def cancel(self, uow: UnitOfWork, kind: str, ref: str) -> int:
        """Cancel every pending job of `kind` for `ref`; returns how many."""
        store = uow.get(SCHEDULE)
        cancelled = 0
        for job in await store.for_ref(kind, ref):
            if job.state is JobState.PENDING and job.id is not None:
                await store.set_state(job.id, JobState.CANCELLED)
                self._disarm(job.id)
                cancelled += 1
        return cancelled

    # --- running --------------------------------------------------------------------

    async def catch_up(self) -> int:
        """At the start of leadership and at every sweep: run what is due, report what is
        too late, and arm every later job that has no timer yet."""
        now = self.services.clock()
        grace = timedelta(minutes=self.services.config.scheduler.grace_minutes)
        async with self.services.storage.unit() as uow:
            jobs = await uow.get(SCHEDULE).pending()
        ran = 0
        for job in jobs:
            assert job.id is not None
            if job.due_at > now:
                if not self._armed(job.id):
                    self.arm(job)
            elif now - job.due_at <= grace or job.kind in self.services.registry.run_late:
                ran += await self.run_job(job.id)
            else:
                await self._missed(job)
        return ran

    async def run_due(self) -> int:
        """Run every job due by now (tests drive time with this instead of sleeping)."""
        ran = 0
        async with self.services.storage.unit() as uow:
            due = await uow.get(SCHEDULE).pending(due_before=self.services.clock())
        for job in due:
            assert job.id is not None
            ran += await self.run_job(job.id)
        return ran

    async def _fire(self, job_id: int) -> None:
        if self.leading and not self._stopping.is_set():
            await self._guarded(self.run_job(job_id))

    async def run_job(self, job_id: int) -> int:
        """Run one occurrence of a job if it is still pending and due; 1 if it ran.

        A timer, the sweep and a handler may ask for the same job at once: in this process
        they take turns (on SQLite a second writer working from an older snapshot would
        fail rather than wait); across processes the claim decides.
        """
        lock = self._job_locks.get(job_id)
        if lock is None:
            lock = self._job_locks[job_id] = asyncio.Lock()
        async with lock:  # the entry goes when no caller holds the lock any more
            return await self._run_job(job_id)

    async def _run_job(self, job_id: int) -> int:
        now = self.services.clock()
        async with self.services.storage.unit() as uow:
            store = uow.get(SCHEDULE)
            job = await store.get(job_id)
            if job is None or job.state is not JobState.PENDING or job.due_at > now:
                return 0
            due_at = job.due_at
            handler = self.services.registry.jobs.get(job.kind)
            if handler is None:
                log.error("no handler for scheduled job kind %r (job %s)", job.kind, job_id)
                return 0
            moved = self._moved_on(job, now)
            if not await store.claim(moved, now):
                return 0  # another process ran it
            await handler(JobContext(self.services, uow, job, due_at))
        log.info("ran scheduled job %s (%s, due %s)", job_id, job.kind, due_at.isoformat())
        self.services.outbox.wake()
        if moved.state is JobState.PENDING:
            self.arm(moved)
        return 1

    def _moved_on(self, job: ScheduledJob, now: datetime) -> ScheduledJob:
        """The job as it should be after this run: the next occurrence, or done."""
        following = self.next_occurrence(job.recurrence, max(now, job.due_at))
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

    def next_occurrence(
        self, recurrence: dict[str, Any] | None, after: datetime
    ) -> datetime | None:
        if not recurrence:
            return None
        trigger = CronTrigger(timezone=self.services.config.clp.zone, **recurrence)
        following: datetime | None = trigger.get_next_fire_time(None, after + timedelta(seconds=1))
        return following

    async def _missed(self, job: ScheduledJob) -> None:
        """Too late to send: tell the officers, never drop it silently."""
        assert job.id is not None
        now = self.services.clock()
        zone = self.services.config.clp.zone
        what = str(job.payload.get("summary") or job.kind)
        when = job.due_at.astimezone(zone).strftime("%a %d %b %Y %H:%M")
        async with self.services.storage.unit() as uow:
            store = uow.get(SCHEDULE)
            moved = self._moved_on(job, now)
            if moved.state is JobState.DONE:
                moved.state = JobState.MISSED
            if not await store.claim(moved, now):
                return
            message = OutgoingMessage.text(
                f"Missed while the bot was offline: {what}, due {when}. It was not sent"
                " because it is now too late; please send or reschedule it if it is still wanted."
            )
            chats = officer_chats(self.services.config)
            await self.services.outbox.post(
                uow, f"missed:{job.id}:{job.due_at.isoformat()}", chats, message
            )
        if moved.state is JobState.PENDING:
            self.arm(moved)

    # --- timers ---------------------------------------------------------------------

    def _armed(self, job_id: int) -> bool:
        return self._aps is not None and self._aps.get_job(f"job:{job_id}") is not None

    def _disarm(self, job_id: int) -> None:
        if self._aps is not None and self._aps.get_job(f"job:{job_id}") is not None:
            self._aps.remove_job(f"job:{job_id}")

    def _disarm_all(self) -> None:
        if self._aps is not None:
            self._aps.remove_all_jobs()
