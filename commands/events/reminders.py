"""Reminder jobs: at each `[events] reminder_hours` offset before an event starts, a post to
the announce chats and a direct message to everyone coming.

Offsets are real elapsed hours: "24 hours before" a Sunday 19:00 BST talk on the day the
clocks go forward is Saturday 18:00 GMT. Each offset is one row in the schedule
(ref "<event id>:<hours>"); for a repeating event the next occurrence's reminder is
scheduled when one is sent. Editing the time reschedules; cancelling cancels.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.context import Services
from bot.model import ChatRef, OutgoingMessage
from bot.richtext import b, p
from bot.router import Router
from bot.scheduling.scheduler import JobContext
from bot.stores import UnitOfWork
from bot.stores.events import EVENTS, Event, RsvpStatus
from bot.stores.scheduling import ScheduledJob
from bot.targets import announce_chats
from commands.events import render
from commands.events.dates import describe
from commands.events.occurrences import occurrences

router = Router("events.reminders")
log = logging.getLogger("clpbot.events")
REMINDER = "event-reminder"


def _ref(event_id: int, hours: float) -> str:
    return f"{event_id}:{hours:g}"


def _hours_text(hours: float) -> str:
    if hours >= 24 and hours % 24 == 0:
        days = int(hours // 24)
        return "tomorrow" if days == 1 else f"in {days} days"
    return f"in {hours:g} hour" + ("" if hours == 1 else "s")


async def schedule_reminders(
    services: Services, uow: UnitOfWork, event: Event, now: datetime
) -> list[ScheduledJob]:
    """(Re)schedule every offset's next reminder for `event`. Arm the jobs after commit."""
    assert event.id is not None
    jobs = []
    for hours in services.config.events.reminder_hours:
        await services.scheduler.cancel(uow, REMINDER, _ref(event.id, hours))
        job = _next_reminder(services, event, hours, now)
        if job is not None:
            jobs.append(await services.scheduler.schedule(uow, job))
    return jobs


async def cancel_reminders(services: Services, uow: UnitOfWork, event_id: int) -> None:
    for hours in services.config.events.reminder_hours:
        await services.scheduler.cancel(uow, REMINDER, _ref(event_id, hours))


def _next_reminder(
    services: Services, event: Event, hours: float, after: datetime
) -> ScheduledJob | None:
    if event.cancelled:
        return None
    offset = timedelta(hours=hours)
    zone = services.config.clp.zone
    start = next((s for s in occurrences(event, zone, after + offset) if s - offset > after), None)
    if start is None:
        return None
    return ScheduledJob(
        REMINDER,
        start - offset,
        ref=_ref(event.id or 0, hours),
        payload={
            "event_id": event.id,
            "hours": hours,
            "start": start.isoformat(),
            "summary": f"the {hours:g}-hour reminder for #{event.id} {event.title}",
        },
    )


@router.job(REMINDER)
async def send_reminder(job: JobContext) -> None:
    event_id, hours = int(job.job.payload["event_id"]), float(job.job.payload["hours"])
    start = datetime.fromisoformat(str(job.job.payload["start"]))
    store = job.uow.get(EVENTS)
    event = await store.get(event_id)
    if event is None or event.cancelled:
        return
    zone = job.services.config.clp.zone
    if next((s for s in occurrences(event, zone, start) if s >= start), None) != start:
        log.info("reminder for #%s skipped: the event moved", event_id)
        return
    replies = await store.rsvps(event_id, start if event.repeat is not None else None)
    going = [r for r in replies if r.status is RsvpStatus.GOING]
    message = OutgoingMessage(
        blocks=(
            p(b(f"Reminder: {event.title}"), f" starts {_hours_text(hours)}"),
            p(describe(start, zone), ", ", *render.where(event)),
            p(f"Coming? /rsvp {event_id} — details: /events {event_id}"),
        )
    )
    chats: list[ChatRef] = [*announce_chats(job.services.config)]
    chats += [r.private_chat for r in going]
    key = f"reminder:{event_id}:{start.isoformat()}:{hours:g}"
    await job.services.outbox.post(job.uow, key, chats, message)
    following = _next_reminder(job.services, event, hours, start - timedelta(hours=hours))
    if following is not None:
        await job.services.scheduler.schedule(job.uow, following)
