"""/idea TEXT: record a member's idea, optionally for a policy commission, within the hourly
limit, after offering a close match to support instead."""

from __future__ import annotations

from bot.commands import record_number
from bot.context import Context
from bot.limits import over_limit, quoted
from bot.model import Choice, OutgoingMessage
from bot.permissions import Permission
from bot.richtext import shorten
from bot.stores.ideas import IDEAS, Idea
from commands.ideas.hourly import next_allowed, refusal
from commands.ideas.similar import similar_open_idea
from commands.ideas.specs import IDEA, router
from commands.personal import person_id

MAX_IDEA = 2000
USAGE = (
    "Type your idea after the command, for example: /idea Free bus travel for under-25s."
    " To file it under a policy commission, put its number or name first: /idea 3: ..."
)


def split_commission(text: str, commissions: tuple[str, ...]) -> tuple[str | None, str, str]:
    """(commission, idea text, problem): the commission named before a colon, if any."""
    head, colon, rest = text.partition(":")
    if not colon or not rest.strip() or len(head) > 60:
        return None, text, ""
    head = head.strip()
    if (n := record_number(head)) is not None:
        if 1 <= n <= len(commissions):
            return commissions[n - 1], rest.strip(), ""
        return None, rest.strip(), f"There is no commission {n} (1 to {len(commissions)})."
    matches = [c for c in commissions if head.casefold() in c.casefold()]
    if len(matches) == 1:
        return matches[0], rest.strip(), ""
    return None, text, ""


def commission_choices(idea_id: int, commissions: tuple[str, ...]) -> tuple[Choice, ...]:
    return tuple(Choice(name, f"ideacomm:{idea_id}:{n}") for n, name in enumerate(commissions))


@router.command(IDEA)
async def add_idea(ctx: Context) -> None:
    await put_forward(ctx, ctx.args, compare=True)


@router.action("ideaanyway")
async def add_anyway(ctx: Context, argument: str) -> None:
    """ "Add mine anyway", pressed on the offer to support a similar idea instead."""
    owner, _, typed = argument.partition(":")
    if owner != ctx.sender.user_id:  # the button is signed for this platform and chat
        await ctx.reply("That button is for the member who typed that idea.")
        return
    await put_forward(ctx, typed, compare=False)


async def put_forward(ctx: Context, typed: str, *, compare: bool) -> None:
    """Record the idea unless it is too long, over the hourly limit or (when `compare`)
    close to an open idea, which is offered instead; every refusal shows the text back."""
    text = " ".join(typed.split())
    if not text:
        await ctx.reply(USAGE)
        return
    commissions = ctx.config.policy.commissions
    commission, text, problem = split_commission(text, commissions)
    too_long = over_limit("idea", text, MAX_IDEA)
    if too_long:
        await ctx.reply(too_long)
        return
    person = await person_id(ctx)  # made now if new: its row lock orders a first-sight burst
    when = await next_allowed(ctx, person)
    if when is not None:
        await ctx.reply(refusal(ctx, when, typed.strip()))
        return
    match = await similar_open_idea(ctx, text) if compare else None
    if match is not None:
        await ctx.reply(_offer(ctx.sender.user_id, match, typed.strip()))
        return
    idea = await ctx.uow.get(IDEAS).add(Idea(text, person, ctx.now(), commission=commission))
    assert idea.id is not None
    done = f"Thank you: idea #{idea.id} is recorded. Members can support it from /ideas."
    if commission is not None:
        await ctx.reply(f"{done} Commission: {commission}.")
        return
    await ctx.reply(
        OutgoingMessage.text(
            *([problem] if problem else []),
            done,
            "Which policy commission is it for? Press one (or leave it without).",
            choices=commission_choices(idea.id, commissions),
        )
    )


def _offer(owner: str, match: tuple[int, str], typed: str) -> OutgoingMessage:
    idea_id, text = match
    return OutgoingMessage.text(
        f"Idea #{idea_id} is much like yours: “{shorten(text, 300)}”.",
        "Support this one instead? Ideas with more supporters go further. Or add yours anyway."
        f" Here is what you typed, so nothing is lost:\n\n{quoted(typed)}",
        choices=(
            Choice(f"Support that one (#{idea_id})", f"support:{idea_id}"),
            Choice("Add mine anyway", f"ideaanyway:{owner}:{typed}"),
        ),
    )


@router.action("ideacomm")
async def set_commission(ctx: Context, argument: str) -> None:
    idea_part, _, index = argument.partition(":")
    store = ctx.uow.get(IDEAS)
    number = record_number(idea_part)
    idea = await store.get(number) if number is not None else None
    commissions = ctx.config.policy.commissions
    if idea is None or idea.id is None:
        await ctx.reply("That idea no longer exists.")
        return
    if idea.author_person_id != await person_id(ctx) and not ctx.can(Permission.IDEAS):
        await ctx.reply("Only the member who put the idea forward (or an officer) can file it.")
        return
    at = record_number(index)
    if at is None or at >= len(commissions):
        await ctx.reply("That commission is no longer in the list. Press one of the others.")
        return
    await store.set_commission(idea.id, commissions[at])
    await ctx.reply(f"Idea #{idea.id} is filed under {commissions[at]}.")
