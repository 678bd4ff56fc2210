"""Choices as inline keyboards whose callback data the core's button registry signs.

A button's callback data is a choice's value packed with an HMAC bound to the chat the
keyboard was sent to (or a signed token for a value too long for Telegram's 64 bytes), so
a forged or forwarded press resolves to nothing, and a press keeps working after a
restart and on any webhook worker (see `bot.buttons`).
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons import TELEGRAM_LIMIT, Buttons
from bot.model import Choice

PLATFORM = "telegram"
MAX_BUTTONS = 100
"""Telegram refuses an inline keyboard of more buttons than this."""
SHORT_LABEL = 16
"""Labels at most this long go two to a row."""


async def keyboard_for(
    choices: Sequence[Choice], chat_id: str, buttons: Buttons
) -> InlineKeyboardMarkup | None:
    if not choices:
        return None
    datas = await buttons.issue(PLATFORM, chat_id, [c.value for c in choices], limit=TELEGRAM_LIMIT)
    keys = [
        InlineKeyboardButton(c.label, callback_data=d) for c, d in zip(choices, datas, strict=True)
    ]
    per_row = 2 if all(len(c.label) <= SHORT_LABEL for c in choices) else 1
    rows = [keys[at : at + per_row] for at in range(0, len(keys), per_row)]
    return InlineKeyboardMarkup(rows)
