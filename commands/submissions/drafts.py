"""/drafts: a member's own drafts (and those they co-author); open, continue, withdraw, delete.

Button values (`draft:open:12`) come back from the platform and are never trusted: every
action checks again that the draft is the member's.
"""

from __future__ import annotations

from bot import conversation
from bot.commands import Where, record_number
from bot.context import Context
from bot.model import Choice, OutgoingMessage
from bot.richtext import Block, b, bullets, p, shorten
from bot.router import Router
from bot.stores.submissions import REVIEW_QUEUE, SUBMISSIONS, Draft, Status
from commands.submissions import persist
from commands.submissions.coauthors import invitations_for
from commands.submissions.flow import RESUMABLE, SUBMIT_FLOW, resume
from commands.submissions.notify import tell_officers
from commands.submissions.render import (
    Viewer,
    draft_blocks,
    heading,
    history_blocks,
    summary,
    viewer_of,
)
from commands.submissions.specs import DRAFTS

router = Router("submissions.drafts")

WITH_THE_OFFICERS = (*REVIEW_QUEUE, Status.APPROVED, Status.AT_MEETING)
"""Drafts the officers are working on: they are told if the author withdraws or deletes one.
(A motion can be withdrawn until the General Meeting has voted on it.)"""
WITHDRAWABLE = (*WITH_THE_OFFICERS, Status.RETURNED)
LISTED_BUTTONS = 10


@router.command(DRAFTS)
async def list_drafts(ctx: Context) -> None:
    wanted = ctx.args.strip().lstrip("#")
    if wanted:
        number = record_number(wanted)
        if number is None:
            await ctx.reply(
                f"“{shorten(wanted)}” is not a draft number. Type /drafts to list yours."
            )
            return
        await open_draft(ctx, number)
        return
    drafts = await ctx.uow.get(SUBMISSIONS).visible_to(ctx.sender)
    invited, answers = await invitations_for(ctx)
    if not drafts and not invited:
        await ctx.reply("You have no drafts yet. Type /submit to start one.")
        return
    zone = ctx.config.clp.zone
    lines = [summary(d, viewer_of(d, ctx.sender, False), zone) for d in drafts]
    choices = tuple(Choice(f"Open #{d.id}", f"draft:open:{d.id}") for d in drafts[:LISTED_BUTTONS])
    blocks: list[Block] = [
        p(b("Your drafts")),
        bullets(*lines),
        p("Open one to read, continue, withdraw or delete it (or type /drafts NUMBER)."),
    ]
    if not drafts:
        blocks = [p("You have no drafts of your own yet. Type /submit to start one.")]
    await ctx.reply(OutgoingMessage(blocks=(*blocks, *invited), choices=(*choices, *answers)))


async def _mine(ctx: Context, number: str, *, author_only: bool = True) -> Draft | None:
    found = record_number(number)
    draft = await ctx.uow.get(SUBMISSIONS).get(found) if found is not None else None
    allowed = draft is not None and (
        draft.is_authored_by(ctx.sender) if author_only else draft.visible_to(ctx.sender)
    )
    if draft is None or not allowed:
        await ctx.reply(f"There is no draft #{number} among yours. Type /drafts to see them.")
        return None
    return draft


async def open_draft(ctx: Context, number: int) -> None:
    draft = await _mine(ctx, str(number), author_only=False)
    if draft is None or draft.id is None:
        return
    viewer = viewer_of(draft, ctx.sender, False)
    blocks: list[Block] = draft_blocks(draft, viewer, ctx.config.policy)
    choices: list[Choice] = []
    if viewer is Viewer.AUTHOR:
        history = await ctx.uow.get(SUBMISSIONS).history(draft.id)
        blocks += history_blocks(history, ctx.config.clp.zone)
        choices = _author_choices(draft)
    await ctx.reply(OutgoingMessage(blocks=tuple(blocks), choices=tuple(choices)))


def _author_choices(draft: Draft) -> list[Choice]:
    continue_label = {
        Status.DRAFT: "Continue writing",
        Status.RETURNED: "Edit and send again",
        Status.WITHDRAWN: "Reopen it",
    }
    choices = []
    if draft.status in RESUMABLE:
        choices.append(Choice(continue_label[draft.status], f"draft:continue:{draft.id}"))
    if draft.status in WITHDRAWABLE:
        choices.append(Choice("Withdraw it", f"draft:withdraw:{draft.id}"))
    choices.append(Choice("Delete it", f"draft:delete:{draft.id}"))
    return choices


@router.action("draft", where=Where.PRIVATE)
async def draft_button(ctx: Context, argument: str) -> None:
    what, _, number = argument.partition(":")
    if what == "open" and (wanted := record_number(number)) is not None:
        await open_draft(ctx, wanted)
        return
    draft = await _mine(ctx, number)
    if draft is None:
        return
    if what == "continue":
        await _continue(ctx, draft)
    elif what == "withdraw":
        await _withdraw(ctx, draft)
    elif what == "delete":
        await ctx.reply(
            OutgoingMessage(
                blocks=(p("Delete ", b(heading(draft)), " for good? This can't be undone."),),
                choices=(
                    Choice("Yes, delete it", f"draft:erase:{draft.id}"),
                    Choice("No, keep it", f"draft:open:{draft.id}"),
                ),
            )
        )
    elif what == "erase":
        await _erase(ctx, draft)
    else:
        await ctx.reply("I did not understand that button. Type /drafts to see your drafts.")


async def _continue(ctx: Context, draft: Draft) -> None:
    if draft.status not in RESUMABLE:
        await ctx.reply(
            f"{heading(draft)} is {draft.status.label}, so it can't be changed now. "
            "Withdraw it first if you need to change it."
        )
        return
    await resume(ctx, draft)


async def _withdraw(ctx: Context, draft: Draft) -> None:
    if draft.status not in WITHDRAWABLE:
        await ctx.reply(f"{heading(draft)} is {draft.status.label}: there is nothing to withdraw.")
        return
    was = draft.status
    draft.status, draft.step, draft.updated_at = Status.WITHDRAWN, None, ctx.now()
    await ctx.uow.get(SUBMISSIONS).update(draft)
    await persist.record(ctx, draft, "withdrawn")
    if was in WITH_THE_OFFICERS:
        await tell_officers(
            ctx, OutgoingMessage.text(f"{heading(draft)} was withdrawn by its author.")
        )
    await ctx.reply(
        f"Withdrew {heading(draft)}. It stays in /drafts: reopen it or delete it any time."
    )


async def _erase(ctx: Context, draft: Draft) -> None:
    if draft.id is None:
        return
    state = await conversation.current(ctx)
    if (
        state is not None
        and state.flow == SUBMIT_FLOW.name
        and state.data.get("draft_id") == draft.id
    ):
        await conversation.cancel(ctx)
    await ctx.uow.get(SUBMISSIONS).delete(draft.id)
    if draft.status in (*WITH_THE_OFFICERS, Status.CARRIED):
        await tell_officers(
            ctx, OutgoingMessage.text(f"Draft #{draft.id} was deleted by its author.")
        )
    await ctx.reply(f"Deleted {heading(draft)}, with its history. Nothing of it is kept.")


@router.autocomplete("drafts")
async def suggest_drafts(ctx: Context, typed: str) -> list[Choice]:
    """The member's own (and co-authored) drafts whose number or title matches."""
    wanted = typed.strip().lstrip("#").casefold()
    drafts = await ctx.uow.get(SUBMISSIONS).visible_to(ctx.sender)
    return [
        Choice(f"#{d.id} {d.title}"[:100], str(d.id))
        for d in drafts
        if not wanted or wanted in f"{d.id} {d.title}".casefold()
    ]
