"""/review: the officers' queue. Open a draft and take it along its route (routes.py):
approve it, return it with a comment, ask the equalities officers; mark a submission
submitted to the Policy Forum; put a motion to the General Meeting, record that it was
carried or fell, mark it sent to Annual Conference. Every change is recorded."""

from __future__ import annotations

from bot import conversation
from bot.commands import Access, Where, record_number
from bot.context import Context
from bot.model import Attachment, Choice, OutgoingMessage
from bot.richtext import Block, b, bullets, p, plural, shorten
from bot.router import Router
from bot.stores.submissions import REVIEW_QUEUE, SUBMISSIONS, Draft, Status
from commands.submissions.decisions import decide, done
from commands.submissions.export import export_text
from commands.submissions.notify import tell_officers
from commands.submissions.render import Viewer, draft_blocks, heading, history_blocks, summary
from commands.submissions.review_dates import DATE_FLOW
from commands.submissions.review_dates import router as dates
from commands.submissions.review_flows import RETURN_FLOW
from commands.submissions.review_flows import router as flows
from commands.submissions.routes import UNDER_WAY, Asks, Move, find, kind_of, moves_now
from commands.submissions.specs import REVIEW

router = Router("submissions.review")
router.include(flows, dates)


@router.command(REVIEW)
async def review(ctx: Context) -> None:
    if ctx.args.strip():
        await open_named(ctx)
    else:
        await queue(ctx)


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
    store = ctx.uow.get(SUBMISSIONS)
    queue = await store.with_status(*REVIEW_QUEUE)
    zone = ctx.config.clp.zone
    blocks: list[Block] = [p(b("Review queue"))]
    if queue:
        blocks.append(bullets(*(summary(d, Viewer.OFFICER, zone) for d in queue)))
    else:
        blocks.append(p("Nothing is waiting for review."))
    under_way = await _under_way(ctx, blocks)
    blocks.append(p("Open one below or type /review NUMBER; /review export gives the text."))
    choices = tuple(Choice(f"Open #{d.id}", f"review:open:{d.id}") for d in [*queue, *under_way])
    await ctx.reply(OutgoingMessage(blocks=tuple(blocks), choices=choices[:12]))


async def _under_way(ctx: Context, blocks: list[Block]) -> list[Draft]:
    """Approved drafts the officers still have work on, grouped by what that work is."""
    wanted = {status for steps in UNDER_WAY.values() for status, _ in steps}
    drafts = await ctx.uow.get(SUBMISSIONS).with_status(*wanted)
    listed: list[Draft] = []
    for kind, steps in UNDER_WAY.items():
        for status, heading_text in steps:
            group = [d for d in drafts if kind_of(d) is kind and d.status is status]
            if group:
                n = len(group)
                blocks.append(p(heading_text.format(n=n, motions=plural(n, "motion"))))
                blocks.append(
                    bullets(*(summary(d, Viewer.OFFICER, ctx.config.clp.zone) for d in group))
                )
                listed += group
    return listed


async def open_for_review(ctx: Context, number: int) -> None:
    draft = await _draft(ctx, str(number))
    if draft is None or draft.id is None:
        return
    history = await ctx.uow.get(SUBMISSIONS).history(draft.id)
    blocks = [
        *draft_blocks(draft, Viewer.OFFICER, ctx.config.policy),
        *history_blocks(history, ctx.config.clp.zone),
    ]
    choices = tuple(Choice(m.label, f"review:{m.name}:{draft.id}") for m in moves_now(draft))
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
    move = find(draft, what)
    if isinstance(move, str):
        await ctx.reply(move)
    elif move.asks is Asks.COMMENT:
        await conversation.start(ctx, RETURN_FLOW, {"draft_id": draft.id})
    elif move.asks is Asks.DATE:
        await conversation.start(ctx, DATE_FLOW, {"draft_id": draft.id, "move": move.name})
    else:
        await _move_now(ctx, draft, move)


async def _move_now(ctx: Context, draft: Draft, move: Move) -> None:
    await decide(ctx, draft, move)
    if move.officers_told:
        who, title = ctx.sender.display_name, heading(draft)
        told = move.officers_told.format(who=who, title=title, number=draft.id)
        await tell_officers(ctx, OutgoingMessage.text(told))
    await ctx.reply(done(draft, move))


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
            blocks=(
                p(
                    "Submissions for the Policy Forum, grouped by commission, and motions"
                    " for Annual Conference."
                ),
            ),
            attachment=Attachment(
                f"submissions-{today.isoformat()}.md", text.encode("utf-8"), "text/markdown"
            ),
        )
    )
