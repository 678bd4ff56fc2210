"""One way to page a long list, for every feature: a reply is never longer than a message.

A list shows one page of `PAGE_SIZE` rows, read with LIMIT/OFFSET after a COUNT (the store
reads the page, never every row), a "Page 2 of 7" line, and Previous/Next buttons whose
values carry the page number (signed by the button registry like any other). Members may
also type "page N" after the command. Pressing Next edits the list in place where the
adapter can edit (the press's own message), and sends the next page where it cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands import whole_number
from bot.context import Context
from bot.model import ButtonEvent, Choice, OutgoingMessage

PAGE_SIZE = 10
MAX_PAGE = 100_000
PREVIOUS = "◀ Previous"
NEXT = "Next ▶"
_TYPED = re.compile(r"(?:^|\s)page(?:\s+(\S+))?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Page:
    """Page `number` (from 1) of a list of `total` rows."""

    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def count(self) -> int:
        """How many pages the list has (an empty list still has one)."""
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def past_end(self) -> bool:
        return self.number > self.count

    @property
    def line(self) -> str:
        return f"Page {self.number} of {self.count} ({self.total} in all)."

    def within(self, *sections: int) -> list[tuple[int, int]]:
        """(offset, limit) to read from each of several lists shown one after another
        (ours, then neighbours'): `sections` are their sizes."""
        start, end, reads = self.offset, self.offset + self.size, []
        for size in sections:
            first = min(max(start, 0), size)
            last = min(max(end, 0), size)
            reads.append((first, last - first))
            start, end = start - size, end - size
        return reads


@dataclass(frozen=True, slots=True)
class Asked:
    """What was typed, with a trailing "page N" taken off: `rest`, the page `number`, or a
    `problem` to tell the member."""

    rest: str
    number: int = 1
    problem: str = ""


def asked_page(typed: str, command: str) -> Asked:
    """Read "… page N" at the end of a command's arguments (`command`: "/ideas")."""
    found = _TYPED.search(typed)
    if found is None:
        return Asked(typed.strip())
    rest = typed[: found.start()].strip()
    word = found.group(1) or ""
    number = whole_number(word, 1, MAX_PAGE)
    if number is None:
        shown = f"“page {word[:20]}”" if word else "“page” without a number"
        return Asked(rest, problem=f"{shown} is not a page: type {command} page 2, say.")
    return Asked(rest, number)


def page_choices(action: str, page: Page, extra: str = "") -> tuple[Choice, ...]:
    """Previous/Next buttons: values "action:number" (plus ":extra", such as search words)."""
    tail = f":{extra}" if extra else ""
    choices = []
    if 1 < page.number <= page.count:
        choices.append(Choice(PREVIOUS, f"{action}:{page.number - 1}{tail}"))
    if page.number < page.count:
        choices.append(Choice(NEXT, f"{action}:{page.number + 1}{tail}"))
    return tuple(choices)


def pressed_page(argument: str) -> tuple[int | None, str]:
    """The page number and the extra a Previous/Next button carries."""
    number, _, extra = argument.partition(":")
    return whole_number(number, 1, MAX_PAGE), extra


def past_end(page: Page, command: str) -> str:
    pages = "1 page" if page.count == 1 else f"{page.count} pages"
    return (
        f"There is no page {page.number}: the list has {pages} now."
        f" Type {command} page {page.count} for the last, or {command} for the first."
    )


async def show_page(ctx: Context, message: OutgoingMessage) -> None:
    """Answer with a page: in place of the list whose button was pressed where the adapter
    edits messages, as a new answer otherwise (or if the edit fails)."""
    event = ctx.event
    ref = event.message if isinstance(event, ButtonEvent) else None
    if ref is None or not ctx.adapter.capabilities.edits:
        await ctx.reply(message)
        return
    adapter = ctx.adapter

    async def edit_or_reply() -> None:
        try:
            await adapter.edit(ref, message)
        except Exception:  # an old or ephemeral message the platform will not edit
            await adapter.reply(event, message)

    await ctx.deliver(edit_or_reply)
