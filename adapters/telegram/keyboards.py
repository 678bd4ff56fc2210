"""Choices as inline keyboards whose callback data is an opaque id.

The value of a choice never travels to Telegram: a button carries a random id that this
process looks up, together with the chat the keyboard was sent to, so a forged or
forwarded press resolves to nothing. The table is bounded and lives in memory: after a
restart, old buttons are "expired" and the member is told to use the latest message.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.model import Choice

SHORT_LABEL = 16
"""Labels at most this long go two to a row."""


@dataclass(frozen=True, slots=True)
class Pressable:
    chat_id: str
    value: str


class CallbackTable:
    def __init__(self, capacity: int = 20_000) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[str, Pressable] = OrderedDict()

    def register(self, chat_id: str, value: str) -> str:
        token = secrets.token_urlsafe(12)  # 16 characters; Telegram allows 64 bytes
        self._entries[token] = Pressable(chat_id, value)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)
        return token

    def resolve(self, token: str, chat_id: str) -> str | None:
        """The value behind `token` if it was sent to `chat_id`; None if unknown or elsewhere."""
        entry = self._entries.get(token)
        if entry is None or entry.chat_id != chat_id:
            return None
        return entry.value

    def __len__(self) -> int:
        return len(self._entries)


def keyboard_for(
    choices: Sequence[Choice], chat_id: str, table: CallbackTable
) -> InlineKeyboardMarkup | None:
    if not choices:
        return None
    buttons = [
        InlineKeyboardButton(c.label, callback_data=table.register(chat_id, c.value))
        for c in choices
    ]
    per_row = 2 if all(len(c.label) <= SHORT_LABEL for c in choices) else 1
    rows = [buttons[at : at + per_row] for at in range(0, len(buttons), per_row)]
    return InlineKeyboardMarkup(rows)
