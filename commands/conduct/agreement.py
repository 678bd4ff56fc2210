"""/conduct: the code of conduct, and each member's acknowledgement of it (recorded once).

Other features (like /submit) ask for the acknowledgement through `needs_acknowledgement`
and `conduct_message` so there is one record and one wording.
"""

from __future__ import annotations

from bot.context import Context
from bot.model import Choice, OutgoingMessage
from bot.richtext import b, bullets, link, p
from bot.stores.core import MEMBERS
from commands.conduct.specs import CONDUCT, router

AGREE = "conduct:agree"


def conduct_message(ctx: Context, intro: str = "") -> OutgoingMessage:
    clp = ctx.config.clp
    blocks = (
        *((p(intro),) if intro else ()),
        p(b("Code of conduct")),
        bullets(*clp.code_of_conduct),
        p("The full policy: ", link("Labour's social media policy", clp.code_of_conduct_url)),
    )
    return OutgoingMessage(blocks=blocks, choices=(Choice("I agree to follow it", AGREE),))


async def needs_acknowledgement(ctx: Context) -> bool:
    return await ctx.uow.get(MEMBERS).conduct_acknowledged_at(ctx.sender) is None


@router.command(CONDUCT)
async def show_conduct(ctx: Context) -> None:
    agreed = await ctx.uow.get(MEMBERS).conduct_acknowledged_at(ctx.sender)
    if ctx.args.strip().lower() == "agree":
        await agree(ctx, "")
        return
    message = conduct_message(ctx)
    if agreed is not None:
        when = agreed.astimezone(ctx.config.clp.zone).strftime("%d %B %Y")
        message = OutgoingMessage(blocks=(*message.blocks, p(f"You agreed to it on {when}.")))
    await ctx.reply(message)


@router.action("conduct")
async def agree(ctx: Context, _argument: str) -> None:
    members = ctx.uow.get(MEMBERS)
    if await members.conduct_acknowledged_at(ctx.sender) is None:
        await members.acknowledge_conduct(ctx.sender, ctx.now())
    await ctx.reply("Thank you: your agreement to the code of conduct is recorded.")
