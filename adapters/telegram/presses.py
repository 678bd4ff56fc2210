"""Button presses being handled, so the core's private answer can be the press's own.

Telegram shows a press's callback answer (`answerCallbackQuery` text, as an alert) only to
the member who pressed: the one private place left for a member who never opened a private
chat with the bot, for example to say their vote in a group's poll counted. So a press is
answered after the core has handled it: with the core's answer if it gave one through
`answer`, or with nothing (which only stops the button's spinner).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from telegram import CallbackQuery
from telegram.error import TelegramError

from bot.model import ButtonEvent, OutgoingMessage
from bot.richtext import shorten, to_plain

log = logging.getLogger("clpbot.telegram")

MAX_ANSWER = 200
"""Telegram's limit for a callback answer's text."""


@dataclass(slots=True)
class _Pending:
    query: CallbackQuery
    answered: bool = False


class Presses:
    def __init__(self) -> None:
        self._pending: dict[int, _Pending] = {}

    @asynccontextmanager
    async def handling(self, event: ButtonEvent, query: CallbackQuery) -> AsyncIterator[None]:
        """While the core handles `event`; afterwards the press is answered, once."""
        pending = _Pending(query)
        self._pending[id(event)] = pending
        try:
            yield
        finally:
            del self._pending[id(event)]
            if not pending.answered:
                await _answer(query, None)

    async def answer(self, event: ButtonEvent, message: OutgoingMessage) -> bool:
        """Answer the press `event` with `message` as plain text; False once it is answered."""
        pending = self._pending.get(id(event))
        if pending is None or pending.answered:
            return False
        pending.answered = True
        text = shorten(to_plain(message.blocks), MAX_ANSWER)
        return await _answer(pending.query, text)


async def _answer(query: CallbackQuery, text: str | None) -> bool:
    try:
        await query.answer(text, show_alert=text is not None)
        return True
    except TelegramError as exc:  # too old to answer: the press still counts
        log.info("could not answer a button press: %s", exc)
        return False
