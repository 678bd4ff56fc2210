"""Telling people about a draft: the officers (their chats from config) and its author."""

from __future__ import annotations

import logging

from bot.context import Context
from bot.model import OutgoingMessage, person_target
from bot.stores.submissions import Draft
from bot.targets import officer_chats

log = logging.getLogger("clpbot.submissions")


async def tell_officers(ctx: Context, message: OutgoingMessage) -> int:
    """Send to every officers' chat; returns how many got it. A failure is logged, not fatal."""
    sent = 0
    for chat in officer_chats(ctx.config):
        try:
            if await ctx.send(chat, message) is not None:
                sent += 1
        except Exception:
            log.exception("could not tell the officers in %s:%s", chat.platform, chat.chat_id)
    return sent


async def tell_author(ctx: Context, draft: Draft, message: OutgoingMessage) -> bool:
    """Privately, to the author's account (the adapter finds their private chat or DM).

    Not the chat they drafted in: on Discord that is a server channel (the drafting was
    private only because the replies were ephemeral), and a notice there would be public.
    """
    chat = person_target(draft.author)
    try:
        return await ctx.send(chat, message) is not None
    except Exception:
        log.exception("could not tell the author of draft %s", draft.id)
        return False
