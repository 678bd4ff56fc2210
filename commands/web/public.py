"""The public pages, no sign-in: our upcoming events, each one's details and calendar file,
and the calendar's subscribe address. Nothing personal: no attendee names or counts.

Past events are not listed and their pages answer 404; cancelled ones that would still
have been upcoming show as cancelled (as in the calendar feed). The list costs what the
feed costs (commands/events/feed.py: at most FEED_LIMIT events), and shows PAGE_LIMIT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands import record_number
from bot.config import Config
from bot.context import Services
from bot.stores.events import EVENTS, Event
from bot.web import WebRequest, WebResponse, WebRoute
from commands.events.dates import describe
from commands.events.feed import MEDIA_TYPE, feed_events
from commands.events.ics import build_calendar, calendar_id
from commands.events.occurrences import next_start
from commands.events.render import repeat_text
from commands.web.pages import page, problem, secured

PAGE_LIMIT = 100


@dataclass(frozen=True, slots=True)
class ShownEvent:
    id: int
    title: str
    kind: str
    when: str
    start_iso: str
    place: str
    online_url: str
    speaker: str
    description: str
    repeat: str
    cancelled: bool


def shown(event: Event, start: datetime, zone: ZoneInfo) -> ShownEvent:
    url = event.online_url if event.online_url.startswith(("https://", "http://")) else ""
    return ShownEvent(
        id=event.id or 0,
        title=event.title,
        kind=event.type.label,
        when=describe(start, zone),
        start_iso=start.isoformat(),
        place=event.place,
        online_url=url,
        speaker=event.speaker,
        description=event.description,
        repeat=repeat_text(event, zone),
        cancelled=event.cancelled,
    )


def calendar_values(config: Config) -> dict[str, Any]:
    https = config.web.calendar_url
    webcal = "webcal://" + https.split("://", 1)[1] if https else None
    return {"calendar_url": https, "webcal_url": webcal}


async def events_page(services: Services, request: WebRequest) -> WebResponse:
    now, zone = services.clock(), services.config.clp.zone
    found = []
    for event in await feed_events(services, now):
        start = next_start(event, zone, now)
        if start is not None:
            found.append((start, event))
    found.sort(key=lambda pair: (pair[0], pair[1].id or 0))
    listed = [shown(event, start, zone) for start, event in found[:PAGE_LIMIT]]
    return page(
        services.config,
        "events.html",
        title="Upcoming events",
        events=listed,
        **calendar_values(services.config),
    )


async def _upcoming(services: Services, request: WebRequest) -> tuple[Event, datetime] | None:
    number = record_number(request.params.get("event_id", ""))
    if number is None:
        return None
    async with services.storage.unit() as uow:
        event = await uow.get(EVENTS).get(number)
    now = services.clock()
    start = next_start(event, services.config.clp.zone, now) if event is not None else None
    return (event, start) if event is not None and start is not None else None


def _not_found(config: Config) -> WebResponse:
    text = "There is no upcoming event with that number: see the list of what is on."
    return problem(config, 404, "No such event", text)


async def event_page(services: Services, request: WebRequest) -> WebResponse:
    found = await _upcoming(services, request)
    if found is None:
        return _not_found(services.config)
    event, start = found
    values = calendar_values(services.config)
    e = shown(event, start, services.config.clp.zone)
    return page(services.config, "event.html", title=event.title, e=e, **values)


async def event_calendar(services: Services, request: WebRequest) -> WebResponse:
    found = await _upcoming(services, request)
    if found is None:
        return _not_found(services.config)
    event, _ = found
    clp = services.config.clp
    deployment = await calendar_id(services)
    data = build_calendar([event], clp.zone, clp.name, services.clock(), deployment=deployment)
    disposition = f'attachment; filename="event-{event.id}.ics"'
    return secured(WebResponse(200, data, MEDIA_TYPE, {"Content-Disposition": disposition}))


ROUTES = (
    WebRoute("/events", events_page, "events page"),
    WebRoute("/events/{event_id:int}", event_page, "event page"),
    WebRoute("/events/{event_id:int}.ics", event_calendar, "event calendar file"),
)
