"""The officers' desk: the review queue, each draft with its full history, and approve /
return with a comment, doing exactly what /review does in chat (the other steps /review
offers, the equalities review and the dated steps, are in desk_steps.py).

Each decision runs `commands.submissions.decisions.decide` as the officer (bot.acting), so
it writes the same history and audit entries and tells the author privately in chat after
the commit. Every page checks the session and the officer's role first (session.py); every
form carries the session's CSRF token, and a form without it is refused (403).
"""

from __future__ import annotations

from typing import Any

from bot.acting import NotRunningError, act_as
from bot.commands import record_number
from bot.context import Context, Services
from bot.model import Role
from bot.richtext import p
from bot.stores.submissions import REVIEW_QUEUE, SUBMISSIONS, Draft, Status
from bot.web import WebRequest, WebResponse, WebRoute
from commands.submissions.decisions import decide, done
from commands.submissions.render import Viewer, draft_blocks, heading, history_blocks, summary
from commands.submissions.routes import Asks, find, moves_now, route
from commands.web.guard import desk_page, desk_values
from commands.web.pages import page, problem
from commands.web.session import DESK, Officer

DONE = {
    "approved": "Approved. The author has been told in the chat.",
    "returned": "Returned to its author with your comment; they have been told in the chat.",
}
GONE = "That draft has changed meanwhile, so nothing was done: here is how it stands now."


def _page(services: Services, officer: Officer, template: str, **values: Any) -> WebResponse:
    status = values.pop("status", 200)
    return page(services.config, template, status, private=True, **desk_values(officer), **values)


async def queue(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    zone = services.config.clp.zone
    async with services.storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        waiting = await store.with_status(*REVIEW_QUEUE)
        approved = await store.with_status(Status.APPROVED)

    def listed(drafts: list[Draft]) -> list[dict[str, Any]]:
        return [{"id": d.id, "summary": p(*summary(d, Viewer.OFFICER, zone)).parts} for d in drafts]

    return _page(
        services,
        officer,
        "desk_queue.html",
        title="Review queue",
        queue=listed(waiting),
        approved=listed(approved),
    )


async def draft_page(
    services: Services, request: WebRequest, officer: Officer, **shown: Any
) -> WebResponse:
    number = record_number(request.params.get("draft_id", ""))
    async with services.storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        draft = await store.get(number) if number is not None else None
        history = await store.history(number) if draft is not None and number else []
    if draft is None or draft.status is Status.DRAFT:
        text = "There is no draft with that number sent for review."
        return problem(services.config, 404, "No such draft", text, private=True)
    config = services.config
    return _page(
        services,
        officer,
        "desk_draft.html",
        title=f"Draft {heading(draft)}",
        heading=heading(draft),
        draft_id=draft.id,
        body=draft_blocks(draft, Viewer.OFFICER, config.policy)[1:],
        history=history_blocks(history, config.clp.zone)[1:],
        can_approve=not isinstance(find(draft, "approve"), str),
        can_return=not isinstance(find(draft, "return"), str),
        steps=_steps(draft, request, shown.pop("typed", {})),
        comment_limit=config.policy.field_max_chars,
        done=_done(draft, request.query.get("done", "")),
        comment=shown.pop("comment", ""),
        error=shown.pop("error", ""),
        status=shown.pop("status", 200),
    )


def _steps(draft: Draft, request: WebRequest, typed: dict[str, str]) -> list[dict[str, Any]]:
    """The other steps /review offers now: asking the equalities officers, and the dated
    ones, each a form with its date field (what was typed shown back, or the date to
    change after reading it back)."""
    if request.query.get("change"):
        typed = {request.query["change"]: request.query.get("on", ""), **typed}
    steps = []
    for move in moves_now(draft):
        if move.name == "equalities" or move.asks is Asks.DATE:
            dated = move.asks is Asks.DATE
            question = move.question.format(number=f"#{draft.id}") if dated else ""
            steps.append(
                {"name": move.name, "label": move.label, "dated": dated, "question": question}
                | {"typed": typed.get(move.name, "")}
            )
    return steps


def _done(draft: Draft, what: str) -> str:
    """What the officer is told after a step, as the chat says it."""
    if what in DONE:
        return DONE[what]
    taken = next((m for m in route(draft) if m.name == what and m.done), None)
    if taken is None or draft.status is not taken.to:
        return ""
    on = getattr(draft, taken.date_field) if taken.date_field else None
    return done(draft, taken, on)


async def approve(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    return await _decide(services, request, officer, "approve", "approved")


async def return_draft(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    comment = request.form().get("comment", "").strip()
    limit = services.config.policy.field_max_chars
    error = ""
    if not comment:
        error = "The comment can't be empty: tell the author what to change."
    elif len(comment) > limit:
        error = f"Your comment is {len(comment):,} characters; please keep it to {limit:,}."
    if error:  # shown back with what was typed, so nothing is lost
        return await draft_page(
            services, request, officer, comment=comment, error=error, status=400
        )
    return await _decide(services, request, officer, "return", "returned", comment)


async def _decide(
    services: Services,
    request: WebRequest,
    officer: Officer,
    what: str,
    action: str,
    comment: str = "",
) -> WebResponse:
    number = record_number(request.params.get("draft_id", ""))

    async def work(ctx: Context) -> bool:
        draft = await ctx.uow.get(SUBMISSIONS).get(number) if number is not None else None
        move = find(draft, what) if draft is not None else None
        if draft is None or move is None or isinstance(move, str):  # not a step open now
            return False
        await decide(ctx, draft, move, comment)
        return True

    try:
        done = await act_as(services, officer.who, Role.OFFICER, "review", work)
    except NotRunningError:
        text = "The chat side of the bot is not running here, so the author could not be told."
        return problem(services.config, 503, "Not now", text, private=True)
    if not done:
        return await draft_page(services, request, officer, error=GONE, comment=comment, status=409)
    return WebResponse.redirect(f"{DESK}/drafts/{number}?done={action}")


ROUTES = (
    WebRoute(DESK, desk_page(queue), "desk queue"),
    WebRoute(DESK + "/drafts/{draft_id:int}", desk_page(draft_page), "desk draft"),
    WebRoute(
        DESK + "/drafts/{draft_id:int}/approve", desk_page(approve), "desk approve", ("POST",)
    ),
    WebRoute(
        DESK + "/drafts/{draft_id:int}/return", desk_page(return_draft), "desk return", ("POST",)
    ),
)
