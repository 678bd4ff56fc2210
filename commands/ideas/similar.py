"""An open idea that closely matches a new one, found with rapidfuzz (word order and case
ignored), so the member can support it instead of adding a duplicate."""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils

from bot.context import Context
from bot.stores.ideas import IDEAS

COMPARED = 500
"""The newest open ideas a new one is compared with: the cost stays bounded."""
CUTOFF = 90.0
"""Out of 100: "Free bus travel for under-25s" and "free bus travel for the under 25s"
match; "Idea 10" and "Idea 11", or ideas sharing a few words, do not."""


async def similar_open_idea(ctx: Context, text: str) -> tuple[int, str] | None:
    """(id, text) of the closest open idea, if it is close enough."""
    candidates = dict(await ctx.uow.get(IDEAS).open_texts(COMPARED))
    if not candidates:
        return None
    found = process.extractOne(
        text,
        candidates,
        scorer=fuzz.token_sort_ratio,
        processor=utils.default_process,
        score_cutoff=CUTOFF,
    )
    if found is None:
        return None
    idea_id = found[2]
    return idea_id, candidates[idea_id]
