"""A member's replies to events (with their access needs), for /mydata and /forgetme.

Erasing withdraws every active reply first, as a normal cancellation does, so the waiting
list moves up and whoever gets the place is told; then the replies are deleted.
"""

from __future__ import annotations

from typing import Any

from bot.privacy import ErasureReport, PersonalData, PersonalDataRequest
from bot.richtext import plural
from bot.router import Router
from bot.stores.events import EVENTS, RsvpStatus
from commands.events.rsvp import post_promoted

router = Router("events.privacy")


async def export(req: PersonalDataRequest) -> list[dict[str, Any]]:
    store = req.uow.get(EVENTS)
    replies = []
    for who in req.identities:
        for rsvp in await store.rsvps_of(who):
            event = await store.get(rsvp.event_id)
            replies.append(
                {
                    "event": rsvp.event_id,
                    "title": event.title if event else None,
                    "starts_at": req.when(event.starts_at) if event else None,
                    "your_reply": rsvp.status.value,
                    "for_date": req.when(rsvp.occurrence) if rsvp.occurrence else None,
                    "access_needs": rsvp.access_needs,
                    "replied_at": req.when(rsvp.created_at),
                    "platform": who.platform,
                }
            )
    return replies


async def erase(req: PersonalDataRequest) -> ErasureReport:
    store = req.uow.get(EVENTS)
    report = ErasureReport("events")
    removed = 0
    for who in req.identities:
        for rsvp in await store.rsvps_of(who):
            if rsvp.status is RsvpStatus.CANCELLED:
                continue
            event = await store.get(rsvp.event_id)
            outcome = await store.cancel_rsvp(rsvp.event_id, who, req.now, rsvp.occurrence)
            if event is not None:
                for promoted in outcome.promoted:
                    await post_promoted(req.services, req.uow, event, promoted)
        removed += await store.delete_rsvps(who)
    if removed:
        report.deleted.append(
            f"{plural(removed, 'reply', 'replies')} to events, with any access needs"
        )
    return report


router.personal_data(
    PersonalData(
        "events",
        "Replies to events",
        "The events you said you would come to (or are on the waiting list for, or withdrew"
        " from), with any access needs you gave: only officers see those, to organise the"
        " event.",
        export,
        erase,
        order=30,
    )
)
