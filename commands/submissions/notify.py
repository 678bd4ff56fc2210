"""Telling people about a draft: the officers (their chats from config) and its author."""

from __future__ import annotations

import logging

from bot.context import Context
from bot.model import ChatKind, ChatRef, OutgoingMessage
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


def author_chat(draft: Draft) -> ChatRef:
    """A direct message to the author: a PRIVATE ChatRef with their own user id.

    Not the chat they drafted in: on Discord that is a server channel (the drafting was
    private only because the replies were ephemeral), and a notice there would be public.
    """
    return ChatRef(draft.author.platform, draft.author.user_id, ChatKind.PRIVATE)


async def tell_author(ctx: Context, draft: Draft, message: OutgoingMessage) -> bool:
    chat = author_chat(draft)
    try:
        return await ctx.send(chat, message) is not None
    except Exception:
        log.exception("could not tell the author of draft %s", draft.id)
        return False
