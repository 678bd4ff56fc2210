"""Refusing an answer that is too long without losing it.

Every feature that limits what a member types refuses the same way: how long it is, the
limit, how much to cut, and the text shown back once so nothing typed is lost. A very long
answer (a pasted 100 KB document) is shown back by its start and its length, not echoed in
dozens of messages.
"""

from __future__ import annotations

SHOWN_BACK = 1500
"""How much of an over-long answer is quoted back (well inside every platform's limit)."""


def over_limit(what: str, text: str, limit: int) -> str | None:
    """None if `text` fits in `limit` characters; else the refusal, with the text."""
    if len(text) <= limit:
        return None
    cut = len(text) - limit
    head = (
        f"Your {what} is {len(text):,} characters; the limit is {limit:,}. Please shorten it by "
        f"{cut:,} and send it again. Here is what you typed, so nothing is lost"
    )
    if len(text) <= SHOWN_BACK:
        return f"{head}:\n\n{text}"
    start = text[:SHOWN_BACK].rstrip()
    return f"{head} (its first {SHOWN_BACK:,} characters of {len(text):,}):\n\n{start}…"


def quoted(text: str) -> str:
    """What a member typed, quoted back in a refusal: whole, or its start and its length."""
    if len(text) <= SHOWN_BACK:
        return text
    return f"{text[:SHOWN_BACK].rstrip()}… ({len(text):,} characters in all)"
