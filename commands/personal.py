"""Things several features do for the one member behind an event.

`person_id`: the person (linked identities, see /link) the sender is.
`tell_privately`: answer where only the sender sees it. A vote's confirmation names the
choice, so it must never land in a group: on platforms that cannot answer privately in a
group (Telegram) it goes to the member, by account (`Adapter.send_to`); to a member the
bot cannot message yet, a button press is answered in the press's own answer, which only
the presser sees. Nothing here ever names the member in the group.
`tell_person`: tell another member privately, by their person id (their linked accounts).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial

from bot.context import Context
from bot.model import ButtonEvent, Identity, OutgoingMessage
from bot.stores.accounts import ACCOUNTS

log = logging.getLogger("clpbot.personal")


async def person_id(ctx: Context) -> int:
    return await ctx.uow.get(ACCOUNTS).person_of(ctx.sender, ctx.now())


async def tell_privately(ctx: Context, message: OutgoingMessage) -> None:
    """Where only the sender sees it; where that cannot be, a content-free hint in the chat
    (never for a button press, which would tell the group who pressed). Like every answer,
    it goes out after the event's transaction has committed."""
    if ctx.chat.is_private or ctx.adapter.capabilities.private_replies_in_groups:
        await ctx.reply(message)
        return
    await ctx.deliver(partial(_in_private_chat, ctx, message))


Answerer = Callable[[OutgoingMessage | str], Awaitable[None]]


def answerer(ctx: Context, privately: bool) -> Answerer:
    """How a handler that serves both answers: `ctx.reply`, or `tell_privately` (a press on
    a post in a group, whose answer is the presser's business only)."""
    if not privately:
        return ctx.reply

    async def answer(message: OutgoingMessage | str) -> None:
        if isinstance(message, str):
            message = OutgoingMessage.text(message)
        await tell_privately(ctx, message)

    return answer


async def _in_private_chat(ctx: Context, message: OutgoingMessage) -> None:
    try:
        await ctx.adapter.send_to(ctx.sender, message)
        return
    except Exception as error:  # they never opened a private chat with the bot
        log.info("could not reach a member privately: %s", type(error).__name__)
    if isinstance(ctx.event, ButtonEvent):
        if not await ctx.adapter.answer_press(ctx.event, message):
            log.info("could not answer a button press privately either")
        return
    link = ctx.adapter.private_link("start")
    where = f": {link}" if link else "."
    await ctx.reply(
        f"I can't message you privately yet. Open a private chat with me{where}"
        " Then try again to see my answer."
    )


async def tell_person(ctx: Context, person: int, message: OutgoingMessage) -> None:
    """Privately, to a member by their person id (not the sender): after the commit, to the
    first of their linked accounts on a running platform that the bot can reach."""
    accounts = [
        who
        for who in await ctx.uow.get(ACCOUNTS).identities(person)
        if who.platform in ctx.services.adapters
    ]
    await ctx.deliver(partial(_to_first_reachable, ctx, accounts, message))


async def _to_first_reachable(
    ctx: Context, accounts: list[Identity], message: OutgoingMessage
) -> None:
    for who in accounts:
        try:
            await ctx.services.adapters[who.platform].send_to(who, message)
            return
        except Exception as error:  # that account never opened a private chat
            log.info("could not reach a member privately: %s", type(error).__name__)
    log.info("could not reach a member on any of their %d accounts", len(accounts))
