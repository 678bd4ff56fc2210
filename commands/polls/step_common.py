"""What the steps of /poll share: their limits, and how a step asks."""

from __future__ import annotations

from bot import conversation
from bot.model import Choice, OutgoingMessage

MAX_OPTIONS = 10
MAX_QUESTION = 300
MAX_OPTION = 100
MAX_QUORUM = 100_000
DONE = "done"


def tick(on: bool) -> str:
    return "✓ " if on else ""


def ask(text: str, *choices: Choice) -> OutgoingMessage:
    return OutgoingMessage.text(text, choices=(*choices, conversation.back_choice()))
