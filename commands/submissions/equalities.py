"""Equalities review: the draft goes privately to the holders of "equalities review", who
may add a comment; the author and the reviewers (holders of "review") see it, and the
draft's history keeps it.

The equalities officers are the members holding an office that gives the permission
(`/officers add`). When nobody holds one yet, the officers' chats are told instead, as
before offices existed, and the reviewer is told how to name one.
"""

from __future__ import annotations

from bot.audit import audit
from bot.commands import Access, Where, record_number
from bot.context import Context
from bot.conversation import Answer, Finish, Flow, FlowContext, Retry, Step, Transition, start
from bot.model import Choice, Identity, OutgoingMessage, person_target
from bot.offices import holders_of
from bot.permissions import Permission
from bot.richtext import b, p, shorten
from bot.router import Router
from bot.stores.submissions import SUBMISSIONS, Draft, Status
from commands.submissions import persist
from commands.submissions.notify import tell_author, tell_officers
from commands.submissions.render import Viewer, draft_blocks, heading

router = Router("submissions.equalities")

ACTION, CANCEL = "equalities", "cancel"
COMMENTABLE = tuple(s for s in Status if s not in (Status.DRAFT, Status.WITHDRAWN))
"""Any draft sent for review: a comment on one returned or submitted still helps."""


async def ask_equalities_officers(ctx: Context, draft: Draft) -> str:
    """Send `draft` to each holder of equalities review; what to tell the reviewer."""
    people = await holders_of(ctx.uow, ctx.config, Permission.EQUALITIES)
    if not people:
        await tell_officers(
            ctx,
            OutgoingMessage.text(
                f"{ctx.sender.display_name} asks the equalities officers to review"
                f" {heading(draft)}: type /review {draft.id} to open it."
            ),
        )
        return (
            f"{heading(draft)} is with the equalities officers now. Nobody holds an office"
            " with equalities review yet, so I told the officers' chat; /officers add names"
            " one."
        )
    message = OutgoingMessage(
        blocks=(
            p(f"{ctx.sender.display_name} asks you for an equalities review of this draft:"),
            *draft_blocks(draft, Viewer.OFFICER, ctx.config.policy),
            p("Add a comment if it leaves anyone out; the author and the reviewers see it."),
        ),
        choices=(Choice("Add an equalities comment", f"{ACTION}:{draft.id}"),),
    )
    stamp = ctx.now().isoformat()
    for person in people:
        key = f"equalities:{draft.id}:{person.key}:{stamp}"
        await ctx.services.outbox.post(ctx.uow, key, [person_target(person)], message)
    names = ", ".join(person.display_name for person in people)
    return f"Sent {heading(draft)} privately for an equalities review to: {names}."


@router.action(ACTION, access=Access.EQUALITIES, where=Where.PRIVATE)
async def comment_button(ctx: Context, argument: str) -> None:
    number = record_number(argument)
    draft = await ctx.uow.get(SUBMISSIONS).get(number) if number is not None else None
    if draft is None or draft.status not in COMMENTABLE:
        await ctx.reply("That draft was withdrawn or never sent for review: nothing to add.")
        return
    await start(ctx, COMMENT_FLOW, {"draft_id": draft.id})


async def ask_comment(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage(
        blocks=(
            p("Your equalities comment on ", b(f"#{f.data['draft_id']}"), ":"),
            p("Type it: the author and the officers who review drafts will see it."),
        ),
        choices=(Choice("Cancel", CANCEL),),
    )


async def got_comment(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == CANCEL:
        return Finish(OutgoingMessage.text("No comment added."))
    comment, limit = answer.text.strip(), f.ctx.config.policy.field_max_chars
    if not comment:
        return Retry("The comment can't be empty.")
    if len(comment) > limit:
        return Retry(f"Your comment is {len(comment):,} characters; please keep it to {limit:,}.")
    draft = await f.ctx.uow.get(SUBMISSIONS).get(int(f.data["draft_id"]))
    if draft is None or draft.status not in COMMENTABLE:
        return Finish(OutgoingMessage.text("That draft was withdrawn meanwhile: nothing added."))
    await record_comment(f.ctx, draft, comment)
    return Finish(
        OutgoingMessage.text(
            f"Added your equalities comment to {heading(draft)}: the author and the reviewers"
            " have been told."
        )
    )


async def record_comment(ctx: Context, draft: Draft, comment: str) -> None:
    await persist.record(ctx, draft, "equalities review", comment)
    await audit(ctx, "review.equalities", f"draft #{draft.id}", shorten(comment, 200))
    news = OutgoingMessage(
        blocks=(
            p(f"{ctx.sender.display_name} added an equalities comment on ", b(heading(draft)), ":"),
            p(comment),
        )
    )
    await tell_author(ctx, draft, news)
    reviewers = [
        person
        for person in await holders_of(ctx.uow, ctx.config, Permission.REVIEW)
        if person.key != ctx.sender.key
    ]
    await _tell(ctx, draft, reviewers, news)
    if not reviewers:
        await tell_officers(ctx, news)


async def _tell(ctx: Context, draft: Draft, people: list[Identity], news: OutgoingMessage) -> None:
    stamp = ctx.now().isoformat()
    for person in people:
        key = f"equalities-comment:{draft.id}:{person.key}:{stamp}"
        await ctx.services.outbox.post(ctx.uow, key, [person_target(person)], news)


COMMENT_FLOW = router.flow(
    Flow(
        "equalities-comment",
        (Step("comment", ask_comment, got_comment),),
        access=Access.EQUALITIES,
        where=Where.PRIVATE,
    )
)
