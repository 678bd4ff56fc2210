"""Events, RSVPs, reminders, calendar files, neighbouring CLPs' events and announcements."""

from __future__ import annotations

from bot.router import Router
from commands.events import (
    announce,
    announcements,
    calendar,
    digest,
    feed,
    listing,
    manage,
    neighbours,
    posting,
    privacy,
    reminders,
    rsvp,
)

router = Router("events")
router.include(
    listing.router,
    rsvp.router,
    manage.router,
    calendar.router,
    reminders.router,
    neighbours.router,
    announce.router,
    announcements.router,
    posting.router,
    privacy.router,
    digest.router,
    feed.router,
)
