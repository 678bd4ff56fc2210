"""The officer conversation that returns a draft with a comment, and what the review
conversations share (the dated moves are in review_dates.py)."""

from __future__ import annotations

from bot.commands import Access, Where
from bot.conversation import Answer, Finish, Flow, FlowContext, Retry, Step, Transition
from bot.model import Choice, OutgoingMessage
from bot.richtext import b, p
from bot.router import Router
from bot.stores.submissions import SUBMISSIONS, Draft
from commands.submissions.decisions import decide
from commands.submissions.render import heading
from commands.submissions.routes import RETURN, Move, find

router = Router("submissions.review_flows")

CANCEL = "cancel"


async def draft_and_move(f: FlowContext, name: str) -> tuple[Draft, Move] | None:
    """The draft and the move, if the draft may still take it."""
    draft = await f.ctx.uow.get(SUBMISSIONS).get(int(f.data["draft_id"]))
    if draft is None:
        return None
    move = find(draft, name)
    return (draft, move) if isinstance(move, Move) else None


GONE = Finish(OutgoingMessage.text("That draft has changed meanwhile; type /review to see it now."))


async def ask_comment(f: FlowContext) -> OutgoingMessage:
    found = await draft_and_move(f, RETURN.name)
    title = heading(found[0]) if found else f"#{f.data['draft_id']}"
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
    found = await draft_and_move(f, RETURN.name)
    if found is None:
        return GONE
    await decide(f.ctx, found[0], RETURN, comment)
    return Finish(
        OutgoingMessage.text(f"Returned {heading(found[0])} to its author with your comment.")
    )


RETURN_FLOW = router.flow(
    Flow(
        "review-return",
        (Step("comment", ask_comment, got_comment),),
        access=Access.REVIEW,
        where=Where.PRIVATE,
    )
)
