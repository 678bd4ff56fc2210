"""The desk's other steps on a draft, as /review offers them in chat (routes.moves_now):
asking the equalities officers, and the dated steps (submitted to the Policy Forum; a
motion's General Meeting, carried, fell, sent to Annual Conference).

A dated step is a form with a date field; the date is read and checked by the chat's own
rules (review_dates.read_date), then read back for a yes before it is saved, and saved by
the chat's own `decide` as the officer (bot.acting): the same history, audit and news.
"""

from __future__ import annotations

from datetime import date

from bot.acting import NotRunningError, act_as
from bot.commands import record_number
from bot.context import Context, Services
from bot.model import Role
from bot.stores.submissions import SUBMISSIONS, Draft
from bot.web import WebRequest, WebResponse, WebRoute
from commands.submissions.decisions import decide
from commands.submissions.review import move_now
from commands.submissions.review_dates import confirm_question, date_problem, read_date
from commands.submissions.routes import Asks, Move, find
from commands.web.desk import GONE, draft_page
from commands.web.guard import desk_page, desk_values
from commands.web.pages import page, problem
from commands.web.session import DESK, Officer

NOT_RUNNING = "The chat side of the bot is not running here, so the author could not be told."


async def _draft_and_move(services: Services, request: WebRequest) -> tuple[Draft, Move] | None:
    number = record_number(request.params.get("draft_id", ""))
    async with services.storage.unit() as uow:
        draft = await uow.get(SUBMISSIONS).get(number) if number is not None else None
    move = find(draft, request.params.get("move", "")) if draft is not None else None
    if draft is None or move is None or isinstance(move, str):
        return None
    return draft, move


async def equalities(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    return await _take(services, request, officer, "equalities", None)


async def dated(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    """The date typed: read back for a yes, or refused with what was typed."""
    typed = request.form().get("on", "")
    found = await _draft_and_move(services, request)
    if found is None or found[1].asks is not Asks.DATE:
        return await draft_page(services, request, officer, error=GONE, status=409)
    draft, move = found
    zone, now = services.config.clp.zone, services.clock()
    on = read_date(draft, move, typed, zone, now)
    if isinstance(on, str):
        return await draft_page(
            services, request, officer, error=on, typed={move.name: typed}, status=400
        )
    return page(
        services.config,
        "desk_confirm.html",
        private=True,
        title=f"Confirm: {move.label}",
        question=confirm_question(draft, move, on),
        draft_id=draft.id,
        move=move.name,
        on=on.isoformat(),
        **desk_values(officer),
    )


async def confirmed(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    try:
        on = date.fromisoformat(request.form().get("on", ""))
    except ValueError:
        return await draft_page(services, request, officer, error=GONE, status=409)
    return await _take(services, request, officer, request.params.get("move", ""), on)


async def _take(
    services: Services, request: WebRequest, officer: Officer, what: str, on: date | None
) -> WebResponse:
    number = record_number(request.params.get("draft_id", ""))
    refused = ""

    async def work(ctx: Context) -> bool:
        nonlocal refused
        draft = await ctx.uow.get(SUBMISSIONS).get(number) if number is not None else None
        move = find(draft, what) if draft is not None else None
        if draft is None or move is None or isinstance(move, str):
            return False
        if move.asks is Asks.DATE and on is not None:
            today = ctx.now().astimezone(ctx.config.clp.zone).date()
            refused = date_problem(draft, move, on, today) or ""
            if refused:  # the draft changed meanwhile
                return False
            await decide(ctx, draft, move, on=on)
        elif move.asks is Asks.NOTHING and on is None and what == "equalities":
            await move_now(ctx, draft, move)  # as the chat's button: asked privately
        else:  # a dated step needs its date, and approve and return have their own forms
            return False
        return True

    try:
        done = await act_as(services, officer.who, Role.OFFICER, "review", work)
    except NotRunningError:
        return problem(services.config, 503, "Not now", NOT_RUNNING, private=True)
    if not done:
        return await draft_page(services, request, officer, error=refused or GONE, status=409)
    return WebResponse.redirect(f"{DESK}/drafts/{number}?done={what}")


DRAFT = DESK + "/drafts/{draft_id:int}"
ROUTES = (
    WebRoute(DRAFT + "/equalities", desk_page(equalities), "desk equalities", ("POST",)),
    WebRoute(DRAFT + "/date/{move}", desk_page(dated), "desk dated step", ("POST",)),
    WebRoute(DRAFT + "/date/{move}/confirm", desk_page(confirmed), "desk confirm", ("POST",)),
)
