"""The two officer conversations in review: a comment to return a draft with, and the date
it was submitted to the Policy Forum."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.commands import Access, Where
from bot.conversation import Answer, Finish, Flow, FlowContext, Retry, Step, Transition
from bot.dates import read_moment
from bot.model import Choice, OutgoingMessage
from bot.richtext import b, p, shorten
from bot.router import Router
from bot.stores.submissions import SUBMISSIONS, Draft, Status
from commands.submissions.decisions import decide
from commands.submissions.render import heading

router = Router("submissions.review_flows")

CANCEL, TODAY = "cancel", "today"
RETURNABLE = (Status.IN_REVIEW, Status.EQUALITIES_REVIEW, Status.APPROVED)
SUBMITTABLE = RETURNABLE


async def _draft(f: FlowContext, allowed: tuple[Status, ...]) -> Draft | None:
    draft = await f.ctx.uow.get(SUBMISSIONS).get(int(f.data["draft_id"]))
    return draft if draft is not None and draft.status in allowed else None


GONE = Finish(OutgoingMessage.text("That draft has changed meanwhile; type /review to see it now."))


async def ask_comment(f: FlowContext) -> OutgoingMessage:
    draft = await _draft(f, RETURNABLE)
    title = heading(draft) if draft else f"#{f.data['draft_id']}"
    return OutgoingMessage(
        blocks=(
            p("What should the author change in ", b(title), "?"),
            p("Type your comment: it is sent to them with the draft."),
        ),
        choices=(Choice("Cancel", CANCEL),),
    )


async def got_comment(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == CANCEL:
        return Finish(OutgoingMessage.text("Not returned: nothing changed."))
    comment = answer.text.strip()
    limit = f.ctx.config.policy.field_max_chars
    if not comment:
        return Retry("The comment can't be empty: tell the author what to change.")
    if len(comment) > limit:
        return Retry(f"Your comment is {len(comment):,} characters; please keep it to {limit:,}.")
    draft = await _draft(f, RETURNABLE)
    if draft is None:
        return GONE
    await decide(f.ctx, draft, Status.RETURNED, "returned", comment)
    return Finish(
        OutgoingMessage.text(f"Returned {heading(draft)} to its author with your comment.")
    )


async def ask_date(f: FlowContext) -> OutgoingMessage:
    today = f.ctx.now().astimezone(f.ctx.config.clp.zone).date()
    return OutgoingMessage(
        blocks=(
            p(f"On what date was #{f.data['draft_id']} submitted to the Policy Forum?"),
            p("Choose today or type the date, like 3 March 2026."),
        ),
        choices=(Choice(f"Today ({today:%d %b %Y})", TODAY), Choice("Cancel", CANCEL)),
    )


async def got_date(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == CANCEL:
        return Finish(OutgoingMessage.text("Not marked: nothing changed."))
    zone, now = f.ctx.config.clp.zone, f.ctx.now()
    today = now.astimezone(zone).date()
    on = today if answer.choice == TODAY else parse_date(answer.text, zone, now)
    if on is None:
        return Retry(
            f"I could not read “{shorten(answer.text.strip())}” as a date. Type it like "
            "3 March 2026."
        )
    if on > today:
        return Retry(f"{on:%d %B %Y} is in the future: type the day it was actually submitted.")
    draft = await _draft(f, SUBMITTABLE)
    if draft is None:
        return GONE
    draft.forum_submitted_on = on
    await decide(f.ctx, draft, Status.SUBMITTED, f"marked submitted to the Policy Forum on {on}")
    return Finish(OutgoingMessage.text(f"Marked {heading(draft)} submitted on {on:%d %B %Y}."))


def parse_date(text: str, zone: ZoneInfo, now: datetime) -> date | None:
    """The day a draft was submitted: a day in the past unless the year says otherwise."""
    moment = read_moment(text, zone, now, prefer="past")
    return moment.astimezone(zone).date() if moment is not None else None


RETURN_FLOW = router.flow(
    Flow(
        "review-return",
        (Step("comment", ask_comment, got_comment),),
        access=Access.REVIEW,
        where=Where.PRIVATE,
    )
)
SUBMITTED_FLOW = router.flow(
    Flow(
        "review-submitted",
        (Step("date", ask_date, got_date),),
        access=Access.REVIEW,
        where=Where.PRIVATE,
    )
)
