"""Who a Discord mention in a member's text is: an account, never a name.

A user mention `<@id>` names the account itself. A typed `@username` (what a member can
type in a modal, where Discord offers no mention picker) is resolved against usernames,
which Discord keeps unique: first the members who used the bot in this process (kept in
memory only, bounded), then the members discord.py has cached. A display name never counts.
"""

from __future__ import annotations

import re
from collections import OrderedDict

import discord

from bot.model import Identity, Mention

PLATFORM = "discord"
REMEMBERED = 50_000
_USER_MENTION = re.compile(r"<@!?(\d{1,20})>")
_USERNAME = re.compile(r"(?<![\w<])@([a-z0-9_.]{2,32})", re.IGNORECASE)


def person(user: discord.abc.User) -> Identity:
    return Identity(PLATFORM, str(user.id), user.display_name)


class KnownMembers:
    def __init__(self, client: discord.Client, limit: int = REMEMBERED) -> None:
        self.client = client
        self.limit = limit
        self._by_username: OrderedDict[str, Identity] = OrderedDict()
        self._by_id: dict[str, Identity] = {}

    def remember(self, user: discord.abc.User) -> None:
        if user.bot:
            return
        who = person(user)
        key = user.name.casefold()
        old = self._by_username.pop(key, None)
        if old is not None:
            self._by_id.pop(old.user_id, None)
        self._by_username[key] = self._by_id[who.user_id] = who
        while len(self._by_username) > self.limit:
            _, gone = self._by_username.popitem(last=False)
            self._by_id.pop(gone.user_id, None)

    def mentions(self, text: str) -> tuple[Mention, ...]:
        found: list[Mention] = []
        for match in _USER_MENTION.finditer(text):
            if (who := self._by_user_id(match.group(1))) is not None:
                found.append(Mention(match.group(0), who))
        for match in _USERNAME.finditer(text):
            if (who := self._by_username_of(match.group(1))) is not None:
                found.append(Mention(match.group(0), who))
        return tuple(found)

    def _by_user_id(self, user_id: str) -> Identity | None:
        known = self._by_id.get(user_id)
        if known is not None:
            return known
        cached = self.client.get_user(int(user_id))
        return person(cached) if cached is not None and not cached.bot else None

    def _by_username_of(self, username: str) -> Identity | None:
        key = username.casefold()
        known = self._by_username.get(key)
        if known is not None:
            return known
        for member in self.client.get_all_members():
            if member.name.casefold() == key and not member.bot:
                return person(member)
        return None
