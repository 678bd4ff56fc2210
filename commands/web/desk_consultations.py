"""The desk's consultations: the open NPF consultations, soonest closing first, with their
closing dates and how many drafts were started, as /consultations lists them in chat; a
page at a time (?page=N)."""

from __future__ import annotations

from bot.commands import record_number
from bot.context import Services
from bot.paging import Page
from bot.permissions import Permission
from bot.richtext import p
from bot.stores.consultations import CONSULTATIONS
from bot.web import WebRequest, WebResponse, WebRoute
from commands.consultations.render import list_item
from commands.web.guard import desk_page, desk_values
from commands.web.pages import page, problem
from commands.web.session import DESK, Officer

PAGE_SIZE = 50


async def consultations(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    number = record_number(request.query.get("page", "1")) or 0
    zone, now = services.config.clp.zone, services.clock()
    async with services.storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        shown = Page(max(number, 1), await store.count_open(now), PAGE_SIZE)
        found = await store.open_page(now, shown.offset, shown.size) if number else []
        counts = await store.draft_counts([c.id for c in found]) if found else {}
    if number < 1 or (shown.past_end and shown.total):
        text = f"There is no such page: the list has {shown.count}. Go to the first page."
        return problem(services.config, 404, "No such page", text, private=True)
    listed = [p(*list_item(c, now, zone, counts.get(c.id, 0))).parts for c in found]
    return page(
        services.config,
        "desk_consultations.html",
        private=True,
        title="Consultations",
        consultations=listed,
        line=shown.line if shown.count > 1 else "",
        previous=shown.number - 1 if shown.number > 1 else 0,
        next=shown.number + 1 if shown.number < shown.count else 0,
        **desk_values(officer),
    )


ROUTES = (
    WebRoute(
        DESK + "/consultations",
        desk_page(consultations, Permission.CONSULTATIONS),
        "desk consultations",
    ),
)
