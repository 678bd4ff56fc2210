"""Telling people about a draft: the officers (their chats from config) and its author."""

from __future__ import annotations

import logging
from functools import partial

from bot.context import Context
from bot.model import ChatRef, OutgoingMessage, person_target
from bot.stores.submissions import Draft
from bot.targets import officer_chats

log = logging.getLogger("clpbot.submissions")


async def tell_officers(ctx: Context, message: OutgoingMessage) -> None:
    """Send to every officers' chat once the event has committed. A failure is logged, not
    fatal: the draft is stored and /review lists it either way."""
    for chat in officer_chats(ctx.config):
        await ctx.deliver(partial(_send_or_log, ctx, chat, message, "the officers"))


async def _send_or_log(ctx: Context, chat: ChatRef, message: OutgoingMessage, whom: str) -> None:
    adapter = ctx.services.adapters.get(chat.platform)
    if adapter is None:
        return
    try:
        await adapter.send(chat, message)
    except Exception:
        log.exception("could not tell %s in %s:%s", whom, chat.platform, chat.chat_id)


async def tell_author(ctx: Context, draft: Draft, message: OutgoingMessage) -> None:
    """Privately, to the author's account (the adapter finds their private chat or DM).

    Not the chat they drafted in: on Discord that is a server channel (the drafting was
    private only because the replies were ephemeral), and a notice there would be public.
    """
    if not draft.author.platform:  # an author who asked to be forgotten
        return
    whom = f"the author of draft {draft.id}"
    await ctx.deliver(partial(_send_or_log, ctx, person_target(draft.author), message, whom))


async def tell_coauthors(ctx: Context, draft: Draft, message: OutgoingMessage) -> None:
    """Privately, to each co-author who accepted (one still asked is told nothing)."""
    whom = f"a co-author of draft {draft.id}"
    for coauthor in draft.coauthors:
        if coauthor.accepted:
            target = person_target(coauthor.person)
            await ctx.deliver(partial(_send_or_log, ctx, target, message, whom))
