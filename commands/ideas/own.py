"""A member edits or withdraws their own idea, until other members support it.

Once someone else supports an idea, its text is what they backed: it stays as it is, and
the author is told so (with what they typed shown back). Linked accounts are one author.
"""

from __future__ import annotations

from bot import conversation
from bot.commands import Where, record_number
from bot.context import Context
from bot.conversation import Answer, Finish, Flow, FlowContext, Retry, Step, Transition
from bot.limits import over_limit, quoted
from bot.model import OutgoingMessage
from bot.richtext import shorten
from bot.stores.accounts import ACCOUNTS
from bot.stores.ideas import IDEAS, Idea, IdeaStatus
from commands.ideas.add import MAX_IDEA
from commands.ideas.specs import IDEAS as IDEAS_SPEC
from commands.ideas.specs import router

EDIT_USAGE = "Give your idea's number and its new text: /ideas edit 12 Free buses for carers."


async def may_change(ctx: Context, idea: Idea) -> bool:
    """Whether the sender may still edit or withdraw the idea (no refusal sent)."""
    assert idea.id is not None
    person = await ctx.uow.get(ACCOUNTS).find_person(ctx.sender)  # a look stores nobody
    if person is None or idea.author_person_id != person or idea.status is not IdeaStatus.OPEN:
        return False
    return await ctx.uow.get(IDEAS).support_from_others(idea.id, person) == 0


async def own_idea(ctx: Context, wanted: str, doing: str, typed: str = "") -> Idea | None:
    """The sender's idea numbered `wanted` if they may still `doing` it; else a refusal."""
    kept = f" Here is what you typed, so nothing is lost:\n\n{quoted(typed)}" if typed else ""
    number = record_number(wanted)
    idea = await ctx.uow.get(IDEAS).get(number) if number is not None else None
    if idea is None or idea.id is None:
        await ctx.reply(f"There is no idea #{shorten(wanted)}. Type /ideas to list them.{kept}")
        return None
    person = await ctx.uow.get(ACCOUNTS).find_person(ctx.sender)
    if person is None or idea.author_person_id != person:
        await ctx.reply(f"Only the member who put idea #{idea.id} forward can {doing} it.{kept}")
        return None
    if idea.status is not IdeaStatus.OPEN:
        await ctx.reply(
            f"Idea #{idea.id} is not open any more ({idea.status.value}), so you can no longer"
            f" {doing} it.{kept}"
        )
        return None
    if not await may_change(ctx, idea):
        await ctx.reply(
            f"Idea #{idea.id} has support from other members now, so it stays as they"
            f" supported it and you can no longer {doing} it. You can put forward a new"
            f" idea with /idea, or ask an officer.{kept}"
        )
        return None
    return idea


async def apply_edit(ctx: Context, idea: Idea, typed: str) -> bool:
    """Change the text; False (and the refusal, with the text) if it is too long or empty."""
    assert idea.id is not None
    text = " ".join(typed.split())
    problem = over_limit("idea", text, MAX_IDEA) if text else "Please type the new text."
    if problem:
        await ctx.reply(problem)
        return False
    await ctx.uow.get(IDEAS).edit(idea.id, text, ctx.now())
    await ctx.reply(f"Idea #{idea.id} now reads: {text}")
    return True


@router.subcommand(IDEAS_SPEC, "edit")
async def edit_command(ctx: Context) -> None:
    wanted, _, typed = ctx.args.strip().partition(" ")
    if not wanted:
        await ctx.reply(EDIT_USAGE)
        return
    if record_number(wanted) is None:
        await ctx.reply(f"{EDIT_USAGE} Here is what you typed:\n\n{quoted(ctx.args)}")
        return
    idea = await own_idea(ctx, wanted, "edit", typed.strip())
    if idea is None:
        return
    if not typed.strip():
        await conversation.start(ctx, EDIT_FLOW, data={"idea": idea.id})
        return
    await apply_edit(ctx, idea, typed)


@router.action("ideaedit", where=Where.PRIVATE)
async def edit_button(ctx: Context, argument: str) -> None:
    idea = await own_idea(ctx, argument, "edit")
    if idea is not None:
        await conversation.start(ctx, EDIT_FLOW, data={"idea": idea.id})


async def _ask_text(f: FlowContext) -> OutgoingMessage:
    idea = await f.ctx.uow.get(IDEAS).get(int(f.data["idea"]))
    now = f" It reads now: {idea.text}" if idea else ""
    return OutgoingMessage.text(f"Type the new text of idea #{f.data['idea']}.{now}")


async def _got_text(f: FlowContext, answer: Answer) -> Transition:
    if not answer.text.strip():
        return Retry("Please type the new text.")
    idea = await own_idea(f.ctx, str(f.data["idea"]), "edit", answer.text.strip())
    if idea is None:  # someone supported it meanwhile: refused, with the text shown back
        return Finish()
    if not await apply_edit(f.ctx, idea, answer.text):
        return Retry("Please send a shorter text.")
    return Finish()


EDIT_FLOW = router.flow(
    Flow(
        "idea edit",
        (Step("text", _ask_text, _got_text),),
        where=Where.PRIVATE,
        command="ideas edit",
    )
)


async def _withdraw(ctx: Context, wanted: str) -> None:
    idea = await own_idea(ctx, wanted, "withdraw")
    if idea is None or idea.id is None:
        return
    await ctx.uow.get(IDEAS).set_status(idea.id, IdeaStatus.WITHDRAWN)
    await ctx.reply(f"Idea #{idea.id} is withdrawn. It no longer shows in /ideas.")


@router.subcommand(IDEAS_SPEC, "withdraw")
async def withdraw_command(ctx: Context) -> None:
    wanted = ctx.args.strip()
    if record_number(wanted) is None:
        await ctx.reply("Give your idea's number: /ideas withdraw 12.")
        return
    await _withdraw(ctx, wanted)


@router.action("ideawithdraw")
async def withdraw_button(ctx: Context, argument: str) -> None:
    await _withdraw(ctx, argument)
