"""Officers hide an idea that breaks the code of conduct: `/ideas hide N REASON`, or the
"Hide idea" button on a member's report. The idea leaves /ideas, the digest and new polls
(they list open ideas only); its author is told why, privately; the hide is audited."""

from __future__ import annotations

from bot import conversation
from bot.audit import audit
from bot.commands import Access, Where, record_number
from bot.context import Context
from bot.conversation import Answer, Finish, Flow, FlowContext, Retry, Step, Transition
from bot.limits import over_limit
from bot.model import OutgoingMessage
from bot.richtext import shorten
from bot.stores.ideas import IDEAS, Idea, IdeaStatus
from commands.ideas.specs import IDEAS as IDEAS_SPEC
from commands.ideas.specs import router
from commands.personal import tell_person

MAX_REASON = 1000
USAGE = (
    "Give the idea's number and the reason its author is told: /ideas hide 12 It attacks a member."
)


async def _idea_to_hide(ctx: Context, wanted: str) -> Idea | None:
    number = record_number(wanted)
    idea = await ctx.uow.get(IDEAS).get(number) if number is not None else None
    if idea is None or idea.id is None:
        await ctx.reply(f"There is no idea #{shorten(wanted)}. Type /ideas to list them.")
        return None
    if idea.status is IdeaStatus.HIDDEN:
        await ctx.reply(f"Idea #{idea.id} is hidden already ({idea.hidden_reason}).")
        return None
    return idea


async def hide(ctx: Context, idea: Idea, reason: str) -> None:
    assert idea.id is not None
    await ctx.uow.get(IDEAS).hide(idea.id, reason, ctx.now())
    await audit(ctx, "idea.hide", f"idea #{idea.id}", reason)
    told = ""
    if idea.author_person_id is not None:
        await tell_person(
            ctx,
            idea.author_person_id,
            OutgoingMessage.text(
                f"The officers have hidden your idea #{idea.id} “{shorten(idea.text, 200)}”"
                " under the code of conduct (/conduct shows it).",
                f"Their reason: {reason}",
                "It no longer shows in /ideas. If you think this is wrong, talk to an officer.",
            ),
        )
        told = " Its author is told why, privately."
    await ctx.reply(f"Idea #{idea.id} is hidden: it no longer shows in /ideas or polls.{told}")


@router.subcommand(IDEAS_SPEC, "hide")
async def hide_command(ctx: Context) -> None:
    wanted, _, reason = ctx.args.strip().partition(" ")
    reason = reason.strip()
    if not wanted or not reason:
        await ctx.reply(USAGE)
        return
    too_long = over_limit("reason", reason, MAX_REASON)
    if too_long:
        await ctx.reply(too_long)
        return
    idea = await _idea_to_hide(ctx, wanted)
    if idea is not None:
        await hide(ctx, idea, reason)


@router.action("ideahide", access=Access.IDEAS, where=Where.PRIVATE)
async def hide_button(ctx: Context, argument: str) -> None:
    idea = await _idea_to_hide(ctx, argument)
    if idea is not None:
        await conversation.start(ctx, HIDE_FLOW, data={"idea": idea.id})


async def _ask_reason(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        f"Why hide idea #{f.data['idea']}? Its author is told this reason, privately."
    )


async def _got_reason(f: FlowContext, answer: Answer) -> Transition:
    reason = answer.text.strip()
    if not reason:
        return Retry("Please type the reason in a few words.")
    too_long = over_limit("reason", reason, MAX_REASON)
    if too_long:
        return Retry(too_long)
    idea = await _idea_to_hide(f.ctx, str(f.data["idea"]))
    if idea is not None:
        await hide(f.ctx, idea, reason)
    return Finish()


HIDE_FLOW = router.flow(
    Flow(
        "idea hide",
        (Step("reason", _ask_reason, _got_reason),),
        access=Access.IDEAS,
        where=Where.PRIVATE,
        command="ideas hide",
    )
)
