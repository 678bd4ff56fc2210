"""The scheduler: a thin wrapper over APScheduler 3 (the PTB `JobQueue` model).

The `scheduled_jobs` table is the source of truth. APScheduler (memory job store) only
wakes us at each job's time; its jobs are rebuilt from the table at start, so nothing is
pickled and nothing depends on APScheduler's own persistence. A job runs its handler
(`@router.job(kind)`) in one transaction with the claim of that occurrence, so the posts
it queues in the outbox and the fact that it ran commit together; jobs due together run
in one transaction, each handler in its own savepoint (bot.scheduling.batch).

Only one process per database sets the timers (`Storage.try_lead`); the others retry the
lock every `[scheduler] lock_retry_seconds` and take over when the leader dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.scheduling.batch import JobContext, Swept, next_occurrence, sweep
from bot.scheduling.outbox import finish_or_cancel
from bot.stores import UnitOfWork
from bot.stores.scheduling import SCHEDULE, JobState, ScheduledJob

if TYPE_CHECKING:
    from bot.context import Services

__all__ = ["LEAD", "JobContext", "Scheduler"]
log = logging.getLogger("clpbot.scheduler")
LEAD = "scheduler"
FULL_READ_EVERY = 30
"""Sweeps between two reads of every pending job (about 5 minutes at the default 10 s);
the sweeps in between read only the jobs added since (see `catch_up`)."""


class Scheduler:
    def __init__(self, services: Services) -> None:
        self.services = services
        self._aps: AsyncIOScheduler | None = None
        self._lead_task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._running = asyncio.Lock()
        """Held while a sweep runs: sweeps in this process take turns."""
        self._sweeps = 0
        """How many sweeps have begun; lets a timer see that one began after it fired."""
        self.leading = False
        self._seen_job_id = 0
        """The highest job id whose timer a catch-up has considered."""
        self._catch_ups = 0

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
                self._catch_ups = 0  # a new leader reads every pending job
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
        """Add `job` in the caller's transaction; its timer is set once that commits (a
        rollback leaves neither row nor timer)."""
        added = await uow.get(SCHEDULE).add(job)
        uow.after_commit(lambda: self.arm(added))
        return added

    def arm(self, job: ScheduledJob) -> None:
        """Set the timer for a committed job (no-op when this process is not the leader).

        One timer per instant, not per job: a timer runs everything due by then, so a
        thousand reminders at 19:00 are one timer and one sweep.
        """
        if self._aps is None or not self.leading or job.id is None:
            return
        # Timers count from the app's clock, so a test's frozen clock never fires real timers
        # for its "past"; with the real clock this is just `due_at`.
        wait = max(job.due_at - self.services.clock(), timedelta(0))
        self._aps.add_job(
            self._fire,
            DateTrigger(run_date=datetime.now(UTC) + wait),
            id=_timer(job),
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
                cancelled += 1  # its timer, if no other job shares it, finds nothing to do
        return cancelled

    # --- running --------------------------------------------------------------------

    async def catch_up(self) -> int:
        """At the start of leadership and at every sweep: run what is due, report what is
        too late, and arm every later job that has no timer yet.

        Jobs this process schedules are armed as they commit, so a sweep reads only the jobs
        added since the last one (by other processes); every `FULL_READ_EVERY` sweeps, and
        on taking the lead, it reads them all, for jobs another process moved. A job whose
        timer is missing still runs: the sweep runs what is due, so at worst it is one
        `lock_retry_seconds` late.
        """
        now = self.services.clock()
        grace = timedelta(minutes=self.services.config.scheduler.grace_minutes)
        swept = await self._sweep(now, grace)
        if self._catch_ups % FULL_READ_EVERY == 0:
            self._seen_job_id = 0
        self._catch_ups += 1
        async with self.services.storage.unit() as uow:
            jobs = await uow.get(SCHEDULE).pending(after_id=self._seen_job_id)
        for job in jobs:
            assert job.id is not None
            self._seen_job_id = max(self._seen_job_id, job.id)
            if job.due_at > now and not self._armed(job):
                self.arm(job)
        return len(swept.ran)

    async def run_due(self) -> int:
        """Run every job due by now (tests drive time with this instead of sleeping)."""
        return len((await self._sweep(None, None)).ran)

    async def run_job(self, job_id: int) -> int:
        """Run a job now if it is still pending and due (with whatever else is due then);
        1 if it ran."""
        return int(job_id in (await self._sweep(None, None)).ran)

    async def _fire(self) -> None:
        """A timer: run what is due, unless a sweep began since this timer fired.

        Such a sweep read the schedule after this timer's jobs were committed and due, so
        it ran them: of many timers firing a moment apart (or with the periodic sweep), one
        or two sweep and the rest return.
        """
        if not self.leading or self._stopping.is_set():
            return
        fired_after = self._sweeps
        async with self._running:
            if self._sweeps == fired_after:
                await self._guarded(self._sweep_now(None, None))

    async def _sweep(self, now: datetime | None, grace: timedelta | None) -> Swept:
        async with self._running:
            return await self._sweep_now(now, grace)

    async def _sweep_now(self, now: datetime | None, grace: timedelta | None) -> Swept:
        """Sweep (the caller holds `_running`): one at a time in this process, because on
        SQLite a second writer working from an older snapshot would fail rather than wait;
        across processes the claims decide."""
        self._sweeps += 1
        swept = await sweep(self.services, now or self.services.clock(), grace)
        if swept.ran:
            self.services.outbox.wake()
        for job in swept.rearm:
            self.arm(job)
        return swept

    def next_occurrence(
        self, recurrence: dict[str, Any] | None, after: datetime
    ) -> datetime | None:
        return next_occurrence(recurrence, after, self.services.config.clp.zone)

    # --- timers ---------------------------------------------------------------------

    def _armed(self, job: ScheduledJob) -> bool:
        return self._aps is not None and self._aps.get_job(_timer(job)) is not None

    def _disarm_all(self) -> None:
        if self._aps is not None:
            self._aps.remove_all_jobs()


def _timer(job: ScheduledJob) -> str:
    return f"at:{job.due_at.isoformat()}"
