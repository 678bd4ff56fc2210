"""Who a Telegram mention in a member's text is: an account, never a name.

A `text_mention` entity carries the user itself. A plain `@username` carries only the
text, and the Bot API cannot look a username up, so it is resolved only for members the bot
has seen (their updates give user and username): this process remembers them, in memory
only (a member's first sight stores nothing), for a bounded number of members.
"""

from __future__ import annotations

from collections import OrderedDict

from telegram import Message, MessageEntity, User

from adapters.telegram.translate import identity
from bot.model import Identity, Mention

REMEMBERED = 50_000


class KnownMembers:
    def __init__(self, limit: int = REMEMBERED) -> None:
        self.limit = limit
        self._by_username: OrderedDict[str, Identity] = OrderedDict()

    def remember(self, user: User | None) -> None:
        if user is None or user.is_bot or not user.username:
            return
        key = user.username.casefold()
        self._by_username.pop(key, None)
        self._by_username[key] = identity(user)
        while len(self._by_username) > self.limit:
            self._by_username.popitem(last=False)

    def by_username(self, username: str) -> Identity | None:
        return self._by_username.get(username.removeprefix("@").casefold())

    def mentions(self, message: Message) -> tuple[Mention, ...]:
        """The people the message's text (or caption) mentions, as far as known."""
        found: list[Mention] = []
        entities = message.parse_entities([MessageEntity.TEXT_MENTION, MessageEntity.MENTION])
        if message.text is None:
            entities = message.parse_caption_entities(
                [MessageEntity.TEXT_MENTION, MessageEntity.MENTION]
            )
        for entity, text in entities.items():
            if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
                self.remember(entity.user)
                found.append(Mention(text, identity(entity.user)))
            elif (person := self.by_username(text)) is not None:
                found.append(Mention(text, person))
        return tuple(found)
