"""The ideas part of the weekly digest: new ideas this week, counts and titles, never names."""

from __future__ import annotations

from bot.digest import DigestRequest, DigestSection
from bot.richtext import bullets, p, plural
from bot.stores.ideas import IDEAS
from commands.ideas.listing import line
from commands.ideas.specs import router

SHOWN = 10


@router.digest_section
async def ideas_section(req: DigestRequest) -> DigestSection | None:
    # merged into another or drafted into a submission: no longer open for support
    count, new = await req.uow.get(IDEAS).new_open(req.start, req.end, SHOWN)
    if not count:
        return None
    return DigestSection(
        title="New ideas",
        blocks=(
            p(f"{plural(count, 'new idea')} this week: support the ones you back in /ideas."),
            bullets(*map(line, new)),
        ),
        order=50,
    )
