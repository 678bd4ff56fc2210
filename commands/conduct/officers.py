"""Where a report goes: the officers only, never a group members read.

The officers' chats from config (`[telegram] officers_chat`, `[discord] officers_channel`);
without any, each officer named in `[telegram] officers`, privately by account; and,
privately, every holder of an office that moderates ideas (`Permission.IDEAS`).
"""

from __future__ import annotations

import logging
from functools import partial

from bot.config import Config
from bot.context import Context
from bot.model import ChatRef, Identity, OutgoingMessage, person_target
from bot.offices import holders_of
from bot.permissions import Permission
from bot.targets import officer_chats

log = logging.getLogger("clpbot.conduct")


def officer_targets(config: Config) -> list[ChatRef]:
    chats = officer_chats(config)
    if chats or not config.telegram.enabled:
        return chats
    return [person_target(Identity("telegram", str(o), "")) for o in config.telegram.officers]


async def tell_officers(ctx: Context, message: OutgoingMessage) -> int:
    """Queue the message for every officers' target (sent after the commit); how many."""
    moderators = await holders_of(ctx.uow, ctx.config, Permission.IDEAS)
    targets = list(dict.fromkeys([*officer_targets(ctx.config), *map(person_target, moderators)]))
    for chat in targets:
        await ctx.deliver(partial(_send_or_log, ctx, chat, message))
    return len(targets)


async def _send_or_log(ctx: Context, chat: ChatRef, message: OutgoingMessage) -> None:
    adapter = ctx.services.adapters.get(chat.platform)
    if adapter is None:
        return
    try:
        await adapter.send(chat, message)
    except Exception:  # the report is stored either way; the log says who missed it
        log.exception("could not tell the officers in %s:%s", chat.platform, chat.chat_id)
