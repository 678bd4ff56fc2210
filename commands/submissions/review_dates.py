"""The date of a dated move in review: a submission submitted to the Policy Forum; a
motion's General Meeting, the day it was carried or fell, the day it was sent to Annual
Conference. A typed date is read with bot.dates; typed or pressed ("Today"), it is read
back for a yes before it is saved."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from bot.commands import Access, Where
from bot.conversation import Answer, Finish, Flow, FlowContext, Goto, Retry, Step, Transition
from bot.dates import read_moment
from bot.model import Choice, OutgoingMessage
from bot.richtext import p, shorten
from bot.router import Router
from bot.stores.submissions import Draft
from commands.submissions.decisions import decide, done
from commands.submissions.milestones import long_day
from commands.submissions.render import heading
from commands.submissions.review_flows import CANCEL, GONE, draft_and_move
from commands.submissions.routes import Move

router = Router("submissions.review_dates")

TODAY, MEETING_DAY, YES, AGAIN = "today", "meeting", "yes", "again"


def _move_name(f: FlowContext) -> str:
    return str(f.data.get("move", "submitted"))


async def ask_date(f: FlowContext) -> OutgoingMessage:
    today = _today(f)
    found = await draft_and_move(f, _move_name(f))
    number = f"#{f.data['draft_id']}"
    question = found[1].question.format(number=number) if found else f"What date for {number}?"
    choices = [Choice(f"Today ({today:%d %b %Y})", TODAY)]
    meeting = _meeting_day(*found) if found else None
    if meeting is not None and meeting < today:
        choices.insert(0, Choice(f"The meeting day ({meeting:%d %b %Y})", MEETING_DAY))
    return OutgoingMessage(
        blocks=(p(question), p("Choose below or type the date, like 3 March 2026.")),
        choices=(*choices, Choice("Cancel", CANCEL)),
    )


async def got_date(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == CANCEL:
        return Finish(OutgoingMessage.text("Nothing changed."))
    found = await draft_and_move(f, _move_name(f))
    if found is None:
        return GONE
    draft, move = found
    zone, now, today = f.ctx.config.clp.zone, f.ctx.now(), _today(f)
    if answer.choice == TODAY:
        on: date | str | None = today
    elif answer.choice == MEETING_DAY:
        on = _meeting_day(draft, move)
    else:
        on = read_date(draft, move, answer.text, zone, now)
    if on is None:
        return Retry(unreadable(answer.text))
    if isinstance(on, str):
        return Retry(on)
    problem = date_problem(draft, move, on, today)
    if problem:
        return Retry(problem)
    f.data["on"] = on.isoformat()  # read back before it is saved, typed or pressed
    return Goto("confirm")


async def ask_confirm(f: FlowContext) -> OutgoingMessage:
    on = date.fromisoformat(f.data["on"])
    found = await draft_and_move(f, _move_name(f))
    question = confirm_question(*found, on) if found else f"#{f.data['draft_id']}: {long_day(on)}?"
    return OutgoingMessage.text(
        question,
        choices=(Choice("Yes", YES), Choice("No, type it again", AGAIN), Choice("Cancel", CANCEL)),
    )


async def got_confirm(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == CANCEL:
        return Finish(OutgoingMessage.text("Nothing changed."))
    if answer.choice != YES:
        return Goto("date")
    found = await draft_and_move(f, _move_name(f))
    if found is None:
        return GONE
    on = date.fromisoformat(f.data["on"])
    problem = date_problem(found[0], found[1], on, _today(f))
    if problem:  # the draft changed meanwhile
        return Finish(OutgoingMessage.text(f"{problem} Nothing changed: type /review to see it."))
    await decide(f.ctx, found[0], found[1], on=on)
    return Finish(OutgoingMessage.text(done(found[0], found[1], on)))


def read_date(draft: Draft, move: Move, text: str, zone: ZoneInfo, now: datetime) -> date | str:
    """The date typed for `move` (in chat or on the web desk), or why it can't be, saying
    what to type instead."""
    on = parse_date(text, zone, now, move.prefer)
    if on is None:
        return unreadable(text)
    return date_problem(draft, move, on, now.astimezone(zone).date()) or on


def unreadable(text: str) -> str:
    return f"I could not read “{shorten(text.strip())}” as a date. Type it like 3 March 2026."


def confirm_question(draft: Draft, move: Move, on: date) -> str:
    """The date read back before it is saved, like "#3 Title: carried on Thursday 12 March
    2026 — is that right?"."""
    return f"{heading(draft)}: {move.history.format(on=long_day(on))} — is that right?"


def date_problem(draft: Draft, move: Move, on: date, today: date) -> str | None:
    """Why `on` can't be the date of `move`, saying what to type instead; None if it can."""
    if move.prefer == "past" and on > today:
        return f"{long_day(on)} is in the future: type {move.the_day}."
    if move.not_before is not None:
        column, what = move.not_before
        earliest: date | None = getattr(draft, column)
        if earliest is not None and on < earliest:
            return (
                f"{long_day(on)} is before {what} ({long_day(earliest)}): type {move.the_day}"
                " on or after it."
            )
    return None


def _meeting_day(draft: Draft, move: Move) -> date | None:
    """The day of the General Meeting, for a move that happens at it (carried, fell)."""
    at_meeting = move.not_before is not None and move.not_before[0] == "meeting_on"
    return draft.meeting_on if at_meeting else None


def _today(f: FlowContext) -> date:
    return f.ctx.now().astimezone(f.ctx.config.clp.zone).date()


def parse_date(
    text: str, zone: ZoneInfo, now: datetime, prefer: Literal["future", "past"] = "past"
) -> date | None:
    """The day typed (or as a browser's date field sends it, 2026-03-12); an ambiguous one
    ("14 March") is taken from `prefer`."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    moment = read_moment(text, zone, now, prefer=prefer)
    return moment.astimezone(zone).date() if moment is not None else None


DATE_FLOW = router.flow(
    Flow(
        "review-date",
        (Step("date", ask_date, got_date), Step("confirm", ask_confirm, got_confirm)),
        access=Access.REVIEW,
        where=Where.PRIVATE,
    )
)
