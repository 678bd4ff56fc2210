"""/review: the officers' queue. Open a draft and take it along its route (routes.py):
approve it, return it with a comment, ask the equalities officers; mark a submission
submitted to the Policy Forum; put a motion to the General Meeting, record that it was
carried or fell, mark it sent to Annual Conference. Every change is recorded."""

from __future__ import annotations

from bot import conversation
from bot.commands import Access, Where, record_number
from bot.context import Context
from bot.model import Attachment, Choice, OutgoingMessage
from bot.paging import Page, asked_page, page_choices, past_end, pressed_page, show_page
from bot.richtext import Block, b, bullets, p, plural, shorten
from bot.router import Router
from bot.stores.submissions import REVIEW_QUEUE, SUBMISSIONS, Draft, Status
from commands.submissions.decisions import decide, done
from commands.submissions.equalities import ask_equalities_officers
from commands.submissions.equalities import router as equalities
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
router.include(flows, dates, equalities)
UNDER_WAY_STATUSES = tuple(dict.fromkeys(s for steps in UNDER_WAY.values() for s, _ in steps))
"""What /review lists under the queue: the statuses of the officers' jobs after approval."""


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


@router.action("reviewpage", access=Access.REVIEW, where=Where.PRIVATE)
async def queue_page_button(ctx: Context, argument: str) -> None:
    number, _ = pressed_page(argument)
    await show_queue(ctx, number or 1)


async def show_queue(ctx: Context, number: int) -> None:
    """One page of the drafts to decide on, then of those approved that the officers still
    have work on (to mark submitted; a motion's meeting, vote and sending)."""
    store = ctx.uow.get(SUBMISSIONS)
    waiting = await store.count_with_status(REVIEW_QUEUE)
    after = await store.count_with_status(UNDER_WAY_STATUSES)
    page = Page(number, waiting + after)
    if page.past_end:
        await ctx.reply(past_end(page, "/review queue"))
        return
    (at, n), (after_at, after_n) = page.within(waiting, after)
    queue = await store.with_status_page(REVIEW_QUEUE, at, n) if n else []
    later = await store.with_status_page(UNDER_WAY_STATUSES, after_at, after_n) if after_n else []
    zone = ctx.config.clp.zone
    blocks: list[Block] = [p(b(f"Review queue ({waiting} waiting)"))]
    if queue:
        blocks.append(bullets(*(summary(d, Viewer.OFFICER, zone) for d in queue)))
    elif not waiting:
        blocks.append(p("Nothing is waiting for review."))
    under_way = _under_way(ctx, blocks, later)
    if page.count > 1:
        blocks.append(p(f"{page.line} Type /review queue page N to jump to a page."))
    blocks.append(p("Open one below or type /review NUMBER; /review export gives the text."))
    choices = tuple(Choice(f"Open #{d.id}", f"review:open:{d.id}") for d in [*queue, *under_way])
    paging = page_choices("reviewpage", page)
    await show_page(ctx, OutgoingMessage(blocks=tuple(blocks), choices=paging + choices))


def _under_way(ctx: Context, blocks: list[Block], drafts: list[Draft]) -> list[Draft]:
    """Approved drafts the officers still have work on (this page's), grouped by what that
    work is."""
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


@router.action("review", access=Access.REVIEW, where=Where.PRIVATE)
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
        await move_now(ctx, draft, move)


async def move_now(ctx: Context, draft: Draft, move: Move) -> None:
    await decide(ctx, draft, move)
    if move.name == "equalities":  # to the holders of equalities review, privately
        await ctx.reply(await ask_equalities_officers(ctx, draft))
        return
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
