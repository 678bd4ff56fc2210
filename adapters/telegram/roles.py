"""Who is an officer on Telegram: a user id in `[telegram] officers`, or an administrator
of `[telegram] officers_chat`.

Administrators are asked with getChatAdministrators at the moment of use and remembered
for a short time, so promoting or demoting someone in the officers' chat takes effect
within `ttl` seconds without a call per message. If Telegram cannot be asked, the last
known list is used; with none, the person is a member (never an officer by accident).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterable

from telegram import Bot
from telegram.error import TelegramError

from bot.model import Role

log = logging.getLogger("clpbot.telegram.roles")

AdminLookup = Callable[[int], Awaitable[set[int]]]


def admins_via(bot: Bot) -> AdminLookup:
    async def lookup(chat_id: int) -> set[int]:
        return {member.user.id for member in await bot.get_chat_administrators(chat_id)}

    return lookup


class OfficerRoles:
    def __init__(
        self,
        officers: Iterable[int],
        officers_chat: int | None,
        lookup: AdminLookup,
        *,
        ttl: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.officers = frozenset(officers)
        self.officers_chat = officers_chat
        self._lookup, self._ttl, self._clock = lookup, ttl, clock
        self._admins: set[int] | None = None
        self._fetched_at = 0.0

    async def role_of(self, user_id: int) -> Role:
        if user_id in self.officers:
            return Role.OFFICER
        if self.officers_chat is not None and user_id in await self._current_admins():
            return Role.OFFICER
        return Role.MEMBER

    async def _current_admins(self) -> set[int]:
        assert self.officers_chat is not None
        now = self._clock()
        if self._admins is not None and now - self._fetched_at < self._ttl:
            return self._admins
        try:
            self._admins = await self._lookup(self.officers_chat)
            self._fetched_at = now
        except TelegramError as exc:
            log.warning(
                "could not ask Telegram for the administrators of %s: %s", self.officers_chat, exc
            )
        return self._admins or set()
