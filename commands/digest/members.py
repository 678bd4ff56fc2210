"""/digest (the digest now), /subscribe and /unsubscribe (a private weekly copy)."""

from __future__ import annotations

from bot.commands import CommandSpec
from bot.context import Context
from bot.router import Router
from bot.stores.digest import SUBSCRIPTIONS
from commands.digest.build import build_digest
from commands.digest.render import to_message

router = Router("digest-commands")

DIGEST = CommandSpec(
    "digest",
    "This week's digest: consultations, events, polls, ideas, submissions",
    help="Shows the weekly digest as it stands now: new and closing NPF consultations, the "
    "next events, open polls, new ideas and how submissions and motions are progressing "
    "(counts only).",
    example="/digest",
)
SUBSCRIBE = CommandSpec(
    "subscribe", "Get the weekly digest as a private message", example="/subscribe"
)
UNSUBSCRIBE = CommandSpec("unsubscribe", "Stop the private weekly digest", example="/unsubscribe")


@router.command(DIGEST)
async def digest_now(ctx: Context) -> None:
    digest = await build_digest(ctx.services, ctx.uow, ctx.now())
    await ctx.reply(to_message(digest))


def _when(ctx: Context) -> str:
    return f"every {ctx.config.digest.weekday.title()} at {ctx.config.digest.time}"


@router.command(SUBSCRIBE)
async def subscribe(ctx: Context) -> None:
    if not ctx.adapter.capabilities.direct_messages:
        await ctx.reply(
            "I can't send private messages here, so I can't post you a copy. The digest is "
            "posted in the announcement chats, and /digest shows it any time."
        )
        return
    added = await ctx.uow.get(SUBSCRIPTIONS).subscribe(ctx.sender, ctx.now())
    when = _when(ctx)
    text = (
        f"Subscribed: I'll send you the digest privately {when}."
        if added
        else f"You are already subscribed: the digest comes to you privately {when}."
    )
    if not ctx.chat.is_private:
        start = ctx.adapter.private_link("start")
        text += " Make sure you have opened a private chat with me" + (
            f" ({start}) so I can message you." if start else " so I can message you."
        )
    await ctx.reply(text + " Stop it with /unsubscribe.")


@router.command(UNSUBSCRIBE)
async def unsubscribe(ctx: Context) -> None:
    if await ctx.uow.get(SUBSCRIPTIONS).unsubscribe(ctx.sender):
        await ctx.reply("Unsubscribed: no more private digests. /subscribe brings them back.")
    else:
        await ctx.reply("You were not subscribed. /subscribe gets you a private weekly copy.")
