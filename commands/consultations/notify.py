"""Posts about consultations: the announcement of a new one, and deadline reminders.

Both go through the outbox (once per chat, whatever retries happen). Reminders are
scheduled jobs at each `[consultations] reminder_days` before the close; editing the
close date re-plans them, removing the consultation cancels them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.router import Router
from bot.scheduling.scheduler import JobContext
from bot.stores import UnitOfWork
from bot.stores.consultations import CONSULTATIONS, Consultation
from bot.stores.scheduling import SCHEDULE, JobState, ScheduledJob
from bot.targets import announce_chats
from commands.consultations import render

if TYPE_CHECKING:
    from bot.context import Services

log = logging.getLogger("clpbot.consultations")
REMINDER = "consultation_reminder"
ANNOUNCED_ONE_BY_ONE = 10
"""More new ones than this in one go (a feed's first read) get one summary post."""

router = Router("consultation-notices")


async def announce_new(
    services: Services, uow: UnitOfWork, found: Sequence[Consultation], now: datetime
) -> None:
    zone = services.config.clp.zone
    chats = announce_chats(services.config)
    for c in found[:ANNOUNCED_ONE_BY_ONE]:
        await services.outbox.post(
            uow, f"consultation-new:{c.id}", chats, render.announcement(c, now, zone)
        )
    rest = list(found[ANNOUNCED_ONE_BY_ONE:])
    if rest:
        key = f"consultation-new:{rest[0].id}-{rest[-1].id}"
        await services.outbox.post(uow, key, chats, render.several_new(rest))


def reminder_times(services: Services, closes_at: datetime) -> dict[int, datetime]:
    """Days before the close -> when that reminder goes out.

    On the calendar day `days` before the closing day, at `[consultations] reminder_time`
    local time; never later than exactly `days` x 24 hours before the close.
    """
    zone = services.config.clp.zone
    hours, minutes = (int(part) for part in services.config.consultations.reminder_time.split(":"))
    local_close = closes_at.astimezone(zone)
    times: dict[int, datetime] = {}
    for days in sorted(set(services.config.consultations.reminder_days), reverse=True):
        day = local_close.date() - timedelta(days=days)
        on_the_day = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=zone)
        times[days] = min(on_the_day, local_close - timedelta(days=days))
    return times


async def plan_reminders(
    services: Services, uow: UnitOfWork, c: Consultation, now: datetime
) -> list[ScheduledJob]:
    """Replace this consultation's reminder jobs; call `arm` on each after the commit."""
    scheduler = services.scheduler
    await scheduler.cancel(uow, REMINDER, str(c.id))
    if c.closes_at is None or c.removed_at is not None or c.closes_at <= now:
        return []
    jobs: list[ScheduledJob] = []
    for days, due in reminder_times(services, c.closes_at).items():
        if due <= now:
            continue  # that point has passed already
        job = ScheduledJob(
            REMINDER,
            due,
            ref=str(c.id),
            payload={
                "days": days,
                "closes_at": c.closes_at.isoformat(),
                "summary": f"reminder that '{c.title}' closes in {days} days",
            },
        )
        jobs.append(await scheduler.schedule(uow, job))
    return jobs


@router.job(REMINDER)
async def send_reminder(job: JobContext) -> None:
    c = await job.uow.get(CONSULTATIONS).get(int(job.job.ref))
    planned_for = str(job.job.payload.get("closes_at", ""))
    if c is None or c.removed_at is not None or c.closes_at is None:
        return
    if c.closes_at.isoformat() != planned_for or c.closes_at <= job.due_at:
        return  # the close date changed since this was planned (a new plan exists)
    days = int(job.job.payload["days"])
    message = render.reminder(c, job.due_at, job.services.config.clp.zone)
    chats = announce_chats(job.services.config)
    await job.services.outbox.post(job.uow, f"consultation-reminder:{c.id}:{days}", chats, message)


@router.on_startup
async def rebuild_reminders(services: Services) -> None:
    """Re-plan reminders that do not match `[consultations] reminder_days` any more."""
    now = services.clock()
    async with services.storage.unit() as uow:
        for c in await uow.get(CONSULTATIONS).with_close_dates(now):
            assert c.closes_at is not None
            wanted = {d for d, due in reminder_times(services, c.closes_at).items() if due > now}
            jobs = await uow.get(SCHEDULE).for_ref(REMINDER, str(c.id))
            pending = {
                int(j.payload["days"])
                for j in jobs
                if j.state is JobState.PENDING and j.due_at > now
            }
            if wanted != pending:
                await plan_reminders(services, uow, c, now)
