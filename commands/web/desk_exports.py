"""The desk's downloads: the submissions for the Policy Forum website, as /review export
gives them in chat (Markdown, or CSV and JSON as `clpbot export submissions` does); and,
for an office that runs polls, each poll's results CSV (served by desk_polls)."""

from __future__ import annotations

from bot.context import Services
from bot.permissions import Permission
from bot.stores.polls import POLLS
from bot.web import WebRequest, WebResponse, WebRoute
from commands.polls.render import short
from commands.submissions.export import export_text
from commands.web.guard import desk_page, desk_values
from commands.web.pages import page, secured
from commands.web.session import DESK, Officer, is_officer

POLL_LIMIT = 50
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


async def exports(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    polls: list[dict[str, object]] = []
    if await is_officer(services, officer.who, Permission.POLLS):
        async with services.storage.unit() as uow:
            found = await uow.get(POLLS).latest(POLL_LIMIT)
        polls = [
            {"id": poll.id, "question": short(poll.question, 120)}
            for poll in found
            if poll.results is not None or poll.live_results
        ]
    return page(
        services.config,
        "desk_exports.html",
        private=True,
        title="Downloads",
        formats=list(MEDIA_TYPES),
        polls=polls,
        **desk_values(officer),
    )


async def submissions(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    fmt = request.params.get("fmt", "")
    if fmt not in MEDIA_TYPES:
        return WebResponse.text("Choose md, csv or json.", 404)
    today = services.clock().astimezone(services.config.clp.zone).date()
    async with services.storage.unit() as uow:
        text = await export_text(uow, services.config, fmt, None, today)
    name = f"submissions-{today.isoformat()}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return secured(WebResponse(200, text.encode(), MEDIA_TYPES[fmt], headers), private=True)


ROUTES = (
    WebRoute(DESK + "/exports", desk_page(exports), "desk downloads"),
    WebRoute(DESK + "/exports/submissions.{fmt}", desk_page(submissions), "desk submissions"),
)
