"""Choosing chats from a list of any length ("Where should it go?"): a page of chats by
name, with « Previous and Next » to turn pages, so no message carries more choices than the
platform takes (`Capabilities.max_choices`: Telegram refuses more than 100 buttons).

The flow keeps the page number in its data; a press on a chat names it by its place in
the whole list (`@chat:N`), a press on a page button by the page (`@page:N`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from bot.context import Context
from bot.model import ChatRef, Choice

PER_PAGE = 10
CHAT = "@chat:"
PAGE = "@page:"
PAGE_BUTTONS = 2


@dataclass(frozen=True, slots=True)
class ChatPage:
    choices: tuple[Choice, ...]
    """The chats on this page (✓ before a chosen one), then « Previous / Next »."""
    shown: tuple[ChatRef, ...]
    page: int
    pages: int

    @property
    def note(self) -> str:
        """ "Page 2 of 25." when there is more than one page, else ""."""
        return f"Page {self.page + 1} of {self.pages}." if self.pages > 1 else ""


def per_page(ctx: Context, others: int) -> int:
    """Chats on one page, leaving room for the page buttons and `others` choices."""
    room = ctx.adapter.capabilities.max_choices - others - PAGE_BUTTONS
    return max(1, min(PER_PAGE, room))


async def chat_page(
    ctx: Context,
    chats: Sequence[ChatRef],
    chosen: Collection[ChatRef],
    page: int,
    *,
    others: int,
    label: Callable[[ChatRef], str] | None = None,
) -> ChatPage:
    """Page `page` (clamped) of `chats`. Names come from the cache (`bot.chat_names`); the
    ones it lacks are looked up after this event's commit, for the next page shown."""
    names = ctx.services.chat_names
    size = per_page(ctx, others)
    pages = max(1, -(-len(chats) // size))
    page = min(max(page, 0), pages - 1)
    start = page * size
    shown = tuple(chats[start : start + size])
    await names.refresh_later(ctx, shown)
    name_of = label or names.label
    choices = [
        Choice(f"{'✓ ' if chat in chosen else ''}{name_of(chat)}", f"{CHAT}{start + n}")
        for n, chat in enumerate(shown)
    ]
    if page > 0:
        choices.append(Choice("« Previous", f"{PAGE}{page - 1}"))
    if page < pages - 1:
        choices.append(Choice("Next »", f"{PAGE}{page + 1}"))
    return ChatPage(tuple(choices), shown, page, pages)


def pressed_page(value: str | None) -> int | None:
    """The page a « Previous / Next » press asks for, else None."""
    return _number_after(PAGE, value)


def pressed_chat(value: str | None, chats: Sequence[ChatRef]) -> ChatRef | None:
    """The chat a press names, if it is still in `chats`, else None."""
    index = _number_after(CHAT, value)
    return chats[index] if index is not None and index < len(chats) else None


def is_chat_press(value: str | None) -> bool:
    return value is not None and value.startswith(CHAT)


def _number_after(prefix: str, value: str | None) -> int | None:
    if value is None or not value.startswith(prefix):
        return None
    number = value.removeprefix(prefix)
    return int(number) if number.isascii() and number.isdigit() and len(number) < 9 else None
