"""The ideas part of the weekly digest: new ideas this week, counts and titles, never names."""

from __future__ import annotations

from bot.digest import DigestRequest, DigestSection
from bot.richtext import bullets, p, plural
from bot.stores.ideas import IDEAS
from commands.ideas.listing import line
from commands.ideas.specs import router


@router.digest_section
async def ideas_section(req: DigestRequest) -> DigestSection | None:
    new = await req.uow.get(IDEAS).created_between(req.start, req.end)
    if not new:
        return None
    return DigestSection(
        title="New ideas",
        blocks=(
            p(f"{plural(len(new), 'new idea')} this week: support the ones you back in /ideas."),
            bullets(*map(line, new[:10])),
        ),
        order=50,
    )
