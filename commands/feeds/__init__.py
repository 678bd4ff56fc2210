"""Consultation feeds: the recurring "feeds_refresh" job that reads `[feeds] urls`.

The job only plans the next run and starts the refresh as a background task: reading
feeds takes network time, and the job's own transaction (which holds the claim on the
schedule row) must not stay open meanwhile. One refresh at a time per process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.router import Router
from bot.scheduling.scheduler import JobContext
from bot.stores.scheduling import ScheduledJob
from commands.feeds.ingest import FeedReport, refresh_all

if TYPE_CHECKING:
    from bot.context import Services

log = logging.getLogger("clpbot.feeds")
REFRESH = "feeds_refresh"
REF = "feeds"
FIRST_RUN_DELAY = timedelta(minutes=1)

router = Router("feeds")
_running: dict[int, asyncio.Task[list[FeedReport]]] = {}
_locks: dict[int, asyncio.Lock] = {}


def _job(due_at: datetime) -> ScheduledJob:
    return ScheduledJob(
        REFRESH, due_at, ref=REF, payload={"summary": "check the consultation feeds"}
    )


async def refresh_now(services: Services) -> list[FeedReport]:
    """Read every feed now; waits for a refresh already running rather than overlap it."""
    lock = _locks.setdefault(id(services), asyncio.Lock())
    async with lock:
        return await refresh_all(services)


def start_refresh(services: Services) -> asyncio.Task[list[FeedReport]] | None:
    """Start a background refresh unless one is still running (then None)."""
    running = _running.get(id(services))
    if running is not None and not running.done():
        log.info("the previous feed refresh is still running; skipping this one")
        return None
    task = asyncio.create_task(refresh_now(services), name="feeds-refresh")
    _running[id(services)] = task
    task.add_done_callback(_log_failure)
    return task


async def wait_for_refresh(services: Services) -> list[FeedReport]:
    """Wait for the background refresh, if any (tests, and a clean shutdown)."""
    task = _running.get(id(services))
    return [] if task is None else await task


def _log_failure(task: asyncio.Task[list[FeedReport]]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the feed refresh failed", exc_info=task.exception())


@router.job(REFRESH, run_late=True)
async def refresh_job(job: JobContext) -> None:
    interval = timedelta(minutes=job.services.config.feeds.interval_minutes)
    if job.services.config.feeds.urls:
        following = job.due_at + interval
        if following <= job.now():
            following = job.now() + interval
        await job.services.scheduler.schedule(job.uow, _job(following))
        start_refresh(job.services)


@router.on_startup
async def plan_refresh(services: Services) -> None:
    """One pending refresh, in step with `[feeds] urls` and `interval_minutes`."""
    async with services.storage.unit() as uow:
        await services.scheduler.cancel(uow, REFRESH, REF)
        if services.config.feeds.urls:
            await services.scheduler.schedule(uow, _job(services.clock() + FIRST_RUN_DELAY))


@router.on_shutdown
async def stop_refresh(services: Services) -> None:
    task = _running.pop(id(services), None)
    _locks.pop(id(services), None)
    if task is not None and not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
