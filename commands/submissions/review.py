"""/review: the officers' queue. Open a draft, approve it, return it with a comment, ask the
equalities officers, mark it submitted to the Policy Forum; every change is recorded."""

from __future__ import annotations

from bot import conversation
from bot.commands import Access, Where, record_number
from bot.context import Context
from bot.model import Attachment, Choice, OutgoingMessage
from bot.paging import Page, asked_page, page_choices, past_end, pressed_page, show_page
from bot.richtext import Block, b, bullets, p, shorten
from bot.router import Router
from bot.stores.submissions import REVIEW_QUEUE, SUBMISSIONS, Draft, Status
from commands.submissions.decisions import decide
from commands.submissions.export import export_text
from commands.submissions.notify import tell_officers
from commands.submissions.render import Viewer, draft_blocks, heading, history_blocks, summary
from commands.submissions.review_flows import RETURN_FLOW, SUBMITTED_FLOW
from commands.submissions.review_flows import router as flows
from commands.submissions.specs import REVIEW

router = Router("submissions.review")
router.include(flows)

ALLOWED = {
    "approve": (Status.IN_REVIEW, Status.EQUALITIES_REVIEW),
    "return": (Status.IN_REVIEW, Status.EQUALITIES_REVIEW, Status.APPROVED),
    "equalities": (Status.IN_REVIEW, Status.APPROVED),
    "submitted": (Status.IN_REVIEW, Status.EQUALITIES_REVIEW, Status.APPROVED),
}
LABELS = {
    "approve": "Approve",
    "return": "Return with a comment",
    "equalities": "Ask the equalities officers",
    "submitted": "Mark submitted to the Policy Forum",
}


@router.command(REVIEW)
async def review(ctx: Context) -> None:
    asked = asked_page(ctx.args, "/review queue")
    if asked.problem:
        await ctx.reply(asked.problem)
    elif asked.rest:
        await open_named(ctx)
    else:
        await show_queue(ctx, asked.number)


@router.subcommand(REVIEW, "open")
async def open_named(ctx: Context) -> None:
    wanted = ctx.args.strip().lstrip("#")
    number = record_number(wanted)
    if number is None:
        what = f"“{shorten(wanted)}” is not a draft number" if wanted else "Say which draft to open"
        await ctx.reply(f"{what}: for example /review open 3. Type /review to see the queue.")
        return
    await open_for_review(ctx, number)


@router.subcommand(REVIEW, "queue")
async def queue(ctx: Context) -> None:
    typed = ctx.args.strip()
    asked = asked_page(f"page {typed}" if typed.isdigit() else typed, "/review queue")
    if asked.problem or asked.rest:
        await ctx.reply(asked.problem or "Type /review queue, or /review queue page 2 (say).")
        return
    await show_queue(ctx, asked.number)


@router.action("reviewpage", access=Access.OFFICER, where=Where.PRIVATE)
async def queue_page_button(ctx: Context, argument: str) -> None:
    number, _ = pressed_page(argument)
    await show_queue(ctx, number or 1)


async def show_queue(ctx: Context, number: int) -> None:
    """One page of the drafts to decide on, then of those approved and not yet marked
    submitted to the Policy Forum."""
    store = ctx.uow.get(SUBMISSIONS)
    waiting = await store.count_with_status(REVIEW_QUEUE)
    approved = await store.count_with_status((Status.APPROVED,))
    page = Page(number, waiting + approved)
    if page.past_end:
        await ctx.reply(past_end(page, "/review queue"))
        return
    (at, n), (approved_at, approved_n) = page.within(waiting, approved)
    queue = await store.with_status_page(REVIEW_QUEUE, at, n) if n else []
    ready = (
        await store.with_status_page((Status.APPROVED,), approved_at, approved_n)
        if approved_n
        else []
    )
    zone = ctx.config.clp.zone
    blocks: list[Block] = [p(b(f"Review queue ({waiting} waiting)"))]
    if queue:
        blocks.append(bullets(*(summary(d, Viewer.OFFICER, zone) for d in queue)))
    elif not waiting:
        blocks.append(p("Nothing is waiting for review."))
    if ready:
        blocks.append(p(f"{approved} approved, not yet marked submitted to the Policy Forum:"))
        blocks.append(bullets(*(summary(d, Viewer.OFFICER, zone) for d in ready)))
    if page.count > 1:
        blocks.append(p(f"{page.line} Type /review queue page N to jump to a page."))
    blocks.append(p("Open one below or type /review NUMBER; /review export gives the text."))
    choices = tuple(Choice(f"Open #{d.id}", f"review:open:{d.id}") for d in [*queue, *ready])
    paging = page_choices("reviewpage", page)
    await show_page(ctx, OutgoingMessage(blocks=tuple(blocks), choices=paging + choices))


async def open_for_review(ctx: Context, number: int) -> None:
    draft = await _draft(ctx, str(number))
    if draft is None or draft.id is None:
        return
    history = await ctx.uow.get(SUBMISSIONS).history(draft.id)
    blocks = [
        *draft_blocks(draft, Viewer.OFFICER, ctx.config.policy),
        *history_blocks(history, ctx.config.clp.zone),
    ]
    choices = tuple(
        Choice(LABELS[what], f"review:{what}:{draft.id}")
        for what, allowed in ALLOWED.items()
        if draft.status in allowed
    )
    await ctx.reply(OutgoingMessage(blocks=tuple(blocks), choices=choices))


async def _draft(ctx: Context, number: str) -> Draft | None:
    found = record_number(number)
    draft = await ctx.uow.get(SUBMISSIONS).get(found) if found is not None else None
    if draft is None or draft.status is Status.DRAFT:
        await ctx.reply(f"There is no draft #{number} sent for review. Type /review for the queue.")
        return None
    return draft


@router.action("review", access=Access.OFFICER, where=Where.PRIVATE)
async def review_button(ctx: Context, argument: str) -> None:
    what, _, number = argument.partition(":")
    if what == "open" and (wanted := record_number(number)) is not None:
        await open_for_review(ctx, wanted)
        return
    draft = await _draft(ctx, number)
    if draft is None or draft.id is None:
        return
    if what not in ALLOWED:
        await ctx.reply("I did not understand that button. Type /review for the queue.")
    elif draft.status not in ALLOWED[what]:
        await ctx.reply(f"{heading(draft)} is {draft.status.label} now, so that can't be done.")
    elif what == "approve":
        await decide(ctx, draft, Status.APPROVED, "approved")
        await ctx.reply(f"Approved {heading(draft)}. The author has been told.")
    elif what == "equalities":
        await decide(ctx, draft, Status.EQUALITIES_REVIEW, "asked for an equalities review")
        await tell_officers(
            ctx,
            OutgoingMessage.text(
                f"{ctx.sender.display_name} asks the equalities officers to review "
                f"{heading(draft)}: type /review {draft.id} to open it."
            ),
        )
    elif what == "return":
        await conversation.start(ctx, RETURN_FLOW, {"draft_id": draft.id})
    else:
        await conversation.start(ctx, SUBMITTED_FLOW, {"draft_id": draft.id})


@router.subcommand(REVIEW, "export")
async def export(ctx: Context) -> None:
    status = ctx.args.strip().lower() or None
    if status is not None and status not in {s.value for s in Status}:
        names = ", ".join(s.value for s in Status)
        await ctx.reply(f"“{status}” is not a status. Use one of: {names}; or nothing for all.")
        return
    today = ctx.now().astimezone(ctx.config.clp.zone).date()
    text = await export_text(ctx.uow, ctx.config, "md", status, today)
    await ctx.reply(
        OutgoingMessage(
            blocks=(p("Submissions for the Policy Forum, grouped by commission."),),
            attachment=Attachment(
                f"submissions-{today.isoformat()}.md", text.encode("utf-8"), "text/markdown"
            ),
        )
    )
