"""/submit: the guided conversation, its code-of-conduct gate, and resuming a draft.

Resuming and the code of conduct are offered as buttons outside the conversation
(`submit:...` actions), so the flow itself only ever holds the draft's own steps.
"""

from __future__ import annotations

from dataclasses import replace

from bot import conversation
from bot.commands import Where, record_number
from bot.context import Context
from bot.conversation import Flow
from bot.model import Choice, OutgoingMessage
from bot.richtext import b, p
from bot.router import Router
from bot.stores.core import MEMBERS
from bot.stores.submissions import SUBMISSIONS, Draft, Status
from commands.conduct import conduct_message, needs_acknowledgement
from commands.submissions import persist
from commands.submissions.choice_steps import CHOICE_STEPS
from commands.submissions.framing import PREVIEW, route_for
from commands.submissions.preview import PREVIEW_STEP
from commands.submissions.specs import SUBMIT
from commands.submissions.text_steps import TEXT_STEPS

router = Router("submissions.flow")

SUBMIT_FLOW = router.flow(
    Flow(
        "submit",
        (*CHOICE_STEPS, *TEXT_STEPS, PREVIEW_STEP),
        where=Where.PRIVATE,
        command="submit",
    )
)

RESUMABLE = (Status.DRAFT, Status.RETURNED, Status.WITHDRAWN)


@router.command(SUBMIT)
async def submit(ctx: Context) -> None:
    await begin(ctx)


async def begin(ctx: Context) -> None:
    """The code of conduct first (once), then resume-or-new, then the first step."""
    if await needs_acknowledgement(ctx):
        message = conduct_message(
            ctx, "Before your first submission, please read our code of conduct and agree to it."
        )
        await ctx.reply(replace(message, choices=(Choice("I agree to follow it", "submit:agree"),)))
        return
    draft = await ctx.uow.get(SUBMISSIONS).latest_unfinished(ctx.sender)
    if draft is None:
        await start_new(ctx)
        return
    where = await _where(ctx, draft)
    await ctx.reply(
        OutgoingMessage(
            blocks=(
                p("You have an unfinished draft: ", b(draft.title), f" ({where})."),
                p("Carry on with it, or start a new one? Nothing in it is lost either way."),
            ),
            choices=(
                Choice(f"Resume “{_short(draft.title)}” ({where})", f"submit:resume:{draft.id}"),
                Choice("Start a new one", "submit:new"),
            ),
        )
    )


async def start_new(ctx: Context) -> None:
    await conversation.start(ctx, SUBMIT_FLOW, {"fields": {}, "coauthors": []})


async def resume(ctx: Context, draft: Draft) -> None:
    """Back to the step the author was on, every answer in place, /back working as before."""
    if draft.status is Status.WITHDRAWN:
        draft.status = Status.DRAFT
        await ctx.uow.get(SUBMISSIONS).update(draft)
        await persist.record(ctx, draft, "reopened")
    data = persist.data_of(draft)
    steps = await route_for(ctx, data)
    step = draft.step if draft.step and SUBMIT_FLOW.has_step(draft.step) else PREVIEW
    history = steps[: steps.index(step)] if step in steps else steps
    await persist.save(ctx, data, step)
    await conversation.start(ctx, SUBMIT_FLOW, data, step=step, history=history)


@router.action("submit", where=Where.PRIVATE)
async def submit_button(ctx: Context, argument: str) -> None:
    what, _, number = argument.partition(":")
    if what == "agree":
        members = ctx.uow.get(MEMBERS)
        if await members.conduct_acknowledged_at(ctx.sender) is None:
            await members.acknowledge_conduct(ctx.sender, ctx.now())
        await ctx.reply("Thank you: your agreement to the code of conduct is recorded.")
        await begin(ctx)
    elif what == "new":
        await (begin(ctx) if await needs_acknowledgement(ctx) else start_new(ctx))
    elif what == "resume" and (wanted := record_number(number)) is not None:
        draft = await ctx.uow.get(SUBMISSIONS).get(wanted)
        if draft is None or not draft.is_authored_by(ctx.sender) or draft.status not in RESUMABLE:
            await ctx.reply("That draft can't be continued now. Type /drafts to see yours.")
            return
        await resume(ctx, draft)
    else:
        await ctx.reply("I did not understand that button. Type /submit to start again.")


async def _where(ctx: Context, draft: Draft) -> str:
    if draft.step is None or draft.step == PREVIEW:
        return "ready to check and send"
    steps = await route_for(ctx, persist.data_of(draft))
    if draft.step in steps:
        return f"step {steps.index(draft.step) + 1} of {len(steps)}"
    return "part-written"


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
