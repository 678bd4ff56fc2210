"""Chats by name, as their platform reports them (a Telegram group's title, a Discord
channel's name, the console's "this terminal"), for the choosers that offer chats.

A name is asked of the platform over the network, so never while a transaction is open:
names are read from this cache, which the app fills as it starts (`warm`) and which an
event refreshes after its commit (`refresh_later`) for the chats it showed that were
missing or stale. Until a name is known, a chat shows a plain label ("Telegram group -100").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.model import ChatKind, ChatRef
from bot.typed_text import clean_typed

if TYPE_CHECKING:
    from bot.adapter import Adapter
    from bot.context import Clock, Context

log = logging.getLogger("clpbot.chat_names")

FRESH_FOR = timedelta(hours=6)
"""A name is asked again after this long (a group may be renamed)."""
LOOKUPS_AT_ONCE = 8
LONGEST = 60
KIND_WORDS = {ChatKind.GROUP: "group", ChatKind.CHANNEL: "channel", ChatKind.PRIVATE: "chat"}


def fallback_label(chat: ChatRef) -> str:
    """What a chat is called when its platform cannot say ("Discord channel 555")."""
    platform = chat.platform.title()
    if chat.chat_id == chat.platform:  # the console's one chat
        return platform
    return f"{platform} {KIND_WORDS.get(chat.kind, 'chat')} {chat.chat_id}"


class ChatNames:
    def __init__(self, adapters: Mapping[str, Adapter], clock: Clock) -> None:
        self._adapters = adapters
        self._clock = clock
        self._known: dict[ChatRef, tuple[str | None, datetime]] = {}

    def name(self, chat: ChatRef) -> str | None:
        found = self._known.get(chat)
        return found[0] if found is not None else None

    def label(self, chat: ChatRef) -> str:
        """ "Members' group (Telegram)", or the fallback label while the name is unknown."""
        name = self.name(chat)
        if not name:
            return fallback_label(chat)
        return f"{name} ({chat.platform.title()})"

    def stale(self, chats: Iterable[ChatRef]) -> list[ChatRef]:
        now = self._clock()
        return [
            chat
            for chat in dict.fromkeys(chats)
            if chat.platform in self._adapters
            and (chat not in self._known or now - self._known[chat][1] >= FRESH_FOR)
        ]

    async def refresh(self, chats: Iterable[ChatRef], *, keep_unknown: bool = True) -> None:
        """Ask each platform for the names not known or stale (network: no transaction).
        `keep_unknown=False`: a chat the platform cannot name now is asked again next time
        (before the adapters start, when only a local one such as the console can say)."""
        wanted = self.stale(chats)
        if not wanted:
            return
        gate = asyncio.Semaphore(LOOKUPS_AT_ONCE)

        async def look_up(chat: ChatRef) -> None:
            async with gate:
                name = await self._ask(chat)
                if name is not None or keep_unknown:
                    self._known[chat] = (name, self._clock())

        await asyncio.gather(*(look_up(chat) for chat in wanted))

    async def refresh_later(self, ctx: Context, chats: Iterable[ChatRef]) -> None:
        """After this event's commit, look up the names `chats` still lack."""
        wanted = self.stale(chats)
        if wanted:

            async def work() -> None:
                await self.refresh(wanted)

            await ctx.deliver(work)

    async def warm(self, chats: Iterable[ChatRef], wait: float) -> asyncio.Task[None] | None:
        """Start looking up `chats`; wait at most `wait` seconds for it. Returns the task
        if it is still running (the caller cancels it on stop)."""
        task = asyncio.ensure_future(self.refresh(list(chats)))
        await asyncio.wait({task}, timeout=wait)
        return None if task.done() else task

    async def _ask(self, chat: ChatRef) -> str | None:
        adapter = self._adapters[chat.platform]
        try:
            name = await adapter.chat_name(chat)
        except Exception as error:  # a name is a nicety: never let it fail an event
            log.info("could not look up the name of %s: %r", chat, error)
            return None
        cleaned = " ".join(clean_typed(name or "").split())
        if len(cleaned) > LONGEST:
            cleaned = cleaned[: LONGEST - 1] + "…"
        return cleaned or None
