"""The desk's events: upcoming events, and each one's attendees, waiting list and access
needs, exactly as /event attendees shows them to an officer in chat."""

from __future__ import annotations

from bot.commands import record_number
from bot.context import Services
from bot.richtext import p
from bot.stores.events import EVENTS
from bot.web import WebRequest, WebResponse, WebRoute
from commands.events.manage import attendee_blocks
from commands.events.pages import OurEvents
from commands.events.render import line
from commands.web.guard import desk_page, desk_values
from commands.web.pages import page, problem
from commands.web.session import DESK, Officer

LIMIT = 100


async def events(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    zone, now = services.config.clp.zone, services.clock()
    async with services.storage.unit() as uow:
        found = await (await OurEvents.load(uow, zone, now)).page(0, LIMIT)
    listed = [{"id": e.id, "line": p(*line(e, start, zone, 0)).parts} for start, e in found]
    return page(
        services.config,
        "desk_events.html",
        private=True,
        title="Events",
        events=listed,
        **desk_values(officer),
    )


async def event(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    number = record_number(request.params.get("event_id", ""))
    zone, now = services.config.clp.zone, services.clock()
    async with services.storage.unit() as uow:
        found = await uow.get(EVENTS).get(number) if number is not None else None
        blocks = await attendee_blocks(uow, found, zone, now) if found is not None else []
    if found is None:
        text = "There is no event with that number."
        return problem(services.config, 404, "No such event", text, private=True)
    return page(
        services.config,
        "desk_event.html",
        private=True,
        title=f"Who is coming: {found.title}",
        heading=blocks[0],
        body=blocks[1:],
        **desk_values(officer),
    )


ROUTES = (
    WebRoute(DESK + "/events", desk_page(events), "desk events"),
    WebRoute(DESK + "/events/{event_id:int}", desk_page(event), "desk event"),
)
