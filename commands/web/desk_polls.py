"""The desk's polls: the newest polls, open and closed, with turnout; each one's results
once an officer may see them (closed, or a live-results poll), as /poll ID gives them in
chat, with the bar chart the results post carries; and the CSV /poll export makes.

Totals only, like the chat: nothing here shows who voted how in an anonymous poll.
"""

from __future__ import annotations

from typing import Any

from bot.commands import record_number
from bot.context import Services
from bot.permissions import Permission
from bot.richtext import Block
from bot.stores.polls import POLLS, Poll
from bot.web import WebRequest, WebResponse, WebRoute
from commands.polls.chart import bar_chart
from commands.polls.counting import RunOff, Tally
from commands.polls.export import poll_csv, visible_outcome
from commands.polls.render import KIND_LABELS, results_blocks, secrecy, short, when
from commands.web.guard import desk_page, desk_values
from commands.web.pages import page, problem, secured
from commands.web.session import DESK, Officer

LIMIT = 50
NOT_YET = "Poll #{id} shows its results only when it closes ({deadline})."


async def polls(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    zone = services.config.clp.zone
    async with services.storage.unit() as uow:
        store = uow.get(POLLS)
        found = await store.latest(LIMIT)
        turnouts = [await store.turnout(poll.id or 0) for poll in found]
    listed = [
        {
            "id": poll.id,
            "question": short(poll.question, 120),
            "state": f"open until {when(poll.deadline, zone)}"
            if poll.is_open
            else f"closed {when(poll.closed_at or poll.deadline, zone)}",
            "turnout": turnout,
        }
        for poll, turnout in zip(found, turnouts, strict=True)
    ]
    return page(
        services.config,
        "desk_polls.html",
        private=True,
        title="Polls",
        polls=listed,
        limit=LIMIT,
        **desk_values(officer),
    )


async def _poll_and_outcome(
    services: Services, request: WebRequest
) -> tuple[Poll | None, Tally | RunOff | None, int]:
    number = record_number(request.params.get("poll_id", ""))
    async with services.storage.unit() as uow:
        poll = await uow.get(POLLS).get(number) if number is not None else None
        if poll is None or poll.id is None:
            return None, None, 0
        return poll, await visible_outcome(uow, poll), await uow.get(POLLS).turnout(poll.id)


def _no_poll(services: Services) -> WebResponse:
    text = "There is no poll with that number."
    return problem(services.config, 404, "No such poll", text, private=True)


async def poll_page(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    poll, outcome, turnout = await _poll_and_outcome(services, request)
    if poll is None:
        return _no_poll(services)
    zone = services.config.clp.zone
    facts = [
        f"Kind: {KIND_LABELS[poll.kind]}",
        secrecy(poll),
        f"Open until {when(poll.deadline, zone)}"
        if poll.is_open
        else f"Closed {when(poll.closed_at or poll.deadline, zone)}",
        f"{turnout} took part" + (" so far" if poll.is_open else ""),
    ]
    results: list[Block] = []
    if outcome is not None:
        heading = "Results so far" if poll.is_open else f"Poll #{poll.id} results"
        results = results_blocks(poll, outcome, heading, final=not poll.is_open)
    values: dict[str, Any] = {
        "poll_id": poll.id,
        "question": poll.question,
        "facts": facts,
        "results": results,
        "not_yet": ""
        if outcome
        else NOT_YET.format(id=poll.id, deadline=when(poll.deadline, zone)),
    }
    return page(
        services.config,
        "desk_poll.html",
        private=True,
        title=f"Poll #{poll.id}",
        **values,
        **desk_values(officer),
    )


async def chart(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    poll, outcome, _ = await _poll_and_outcome(services, request)
    if poll is None or outcome is None:
        return _no_poll(services)
    png = bar_chart(poll, outcome)
    return secured(WebResponse(200, png, "image/png"), private=True)


async def export(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    number = record_number(request.params.get("poll_id", ""))
    async with services.storage.unit() as uow:
        poll = await uow.get(POLLS).get(number) if number is not None else None
        outcome = await visible_outcome(uow, poll) if poll is not None else None
        text = await poll_csv(uow, poll, outcome) if poll and outcome else ""
    if poll is None:
        return _no_poll(services)
    if not text:
        zone = services.config.clp.zone
        said = NOT_YET.format(id=poll.id, deadline=when(poll.deadline, zone)) + " Export it then."
        return problem(services.config, 404, "Not yet", said, private=True)
    headers = {"Content-Disposition": f'attachment; filename="poll-{poll.id}.csv"'}
    return secured(WebResponse(200, text.encode(), "text/csv; charset=utf-8", headers), True)


POLL = DESK + "/polls/{poll_id:int}"
ROUTES = (
    WebRoute(DESK + "/polls", desk_page(polls, Permission.POLLS), "desk polls"),
    WebRoute(POLL, desk_page(poll_page, Permission.POLLS), "desk poll"),
    WebRoute(POLL + "/chart.png", desk_page(chart, Permission.POLLS), "desk poll chart"),
    WebRoute(POLL + "/export.csv", desk_page(export, Permission.POLLS), "desk poll export"),
)
