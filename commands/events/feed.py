"""The calendar feed: our upcoming events as an iCalendar file at `[web] calendar_path`,
for calendar apps to subscribe to (webcal:// or https://) and check back on.

Only our own events: neighbouring CLPs' are theirs to publish (their feeds are where we read
them from). Cancelled ones stay in while they would have been upcoming, as STATUS:CANCELLED,
so a subscribed calendar drops them. The read is one short unit, closed before the answer
is written; it costs what the feed shows (at most FEED_LIMIT events, by first start).
"""

from __future__ import annotations

from datetime import datetime

from bot.config import Config
from bot.context import Services
from bot.router import Router
from bot.stores.events import EVENTS, Event
from bot.web import WebRequest, WebResponse, WebRoute, conditional
from commands.events.ics import build_calendar, calendar_id
from commands.events.occurrences import next_start

router = Router("events.feed")
FEED_LIMIT = 500
MEDIA_TYPE = "text/calendar; charset=utf-8"


async def feed_events(services: Services, now: datetime) -> list[Event]:
    zone = services.config.clp.zone
    async with services.storage.unit() as uow:
        found = await uow.get(EVENTS).for_feed(now, now.astimezone(zone).date(), FEED_LIMIT)
    return [event for event in found if next_start(event, zone, now) is not None]


async def serve_feed(services: Services, request: WebRequest) -> WebResponse:
    now, clp = services.clock(), services.config.clp
    events = await feed_events(services, now)
    deployment = await calendar_id(services)
    body = build_calendar(events, clp.zone, clp.name, now, deployment=deployment, feed=True)
    changed = [e.updated_at or e.created_at for e in events]
    last_modified = max((moment for moment in changed if moment is not None), default=None)
    return conditional(request, body, MEDIA_TYPE, last_modified)


def _calendar_path(config: Config) -> str:
    return config.web.calendar_path


router.web(WebRoute(_calendar_path, serve_feed, "calendar feed"))
