"""Things several features do for the one member behind an event.

`person_id`: the person (linked identities, see /link) the sender is.
`tell_privately`: answer where only the sender sees it. A vote's confirmation names the
choice, so it must never land in a group: on platforms that cannot answer privately in a
group (Telegram) it goes to the member's private chat instead.
"""

from __future__ import annotations

import logging
from functools import partial

from bot.context import Context
from bot.model import ChatKind, ChatRef, OutgoingMessage
from bot.stores.accounts import ACCOUNTS

log = logging.getLogger("clpbot.personal")


async def person_id(ctx: Context) -> int:
    return await ctx.uow.get(ACCOUNTS).person_of(ctx.sender, ctx.now())


def private_chat(ctx: Context) -> ChatRef:
    return ChatRef(ctx.sender.platform, ctx.sender.user_id, ChatKind.PRIVATE)


async def tell_privately(ctx: Context, message: OutgoingMessage) -> None:
    """Where only the sender sees it; where that cannot be, a content-free hint in the chat.
    Like every answer, it goes out after the event's transaction has committed."""
    if ctx.chat.is_private or ctx.adapter.capabilities.private_replies_in_groups:
        await ctx.reply(message)
        return
    await ctx.deliver(partial(_in_private_chat, ctx, message))


async def _in_private_chat(ctx: Context, message: OutgoingMessage) -> None:
    try:
        await ctx.adapter.send(private_chat(ctx), message)
        return
    except Exception as error:  # they never opened a private chat with the bot
        log.info("could not open a private chat for a private answer: %s", type(error).__name__)
    link = ctx.adapter.private_link("start")
    where = f": {link}" if link else "."
    await ctx.reply(
        f"{ctx.sender.display_name}, I can't message you privately yet. Open a private chat"
        f" with me{where} Then press the button again to see my answer."
    )
