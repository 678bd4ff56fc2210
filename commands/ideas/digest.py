"""The ideas part of the weekly digest: new ideas this week, counts and titles, never names."""

from __future__ import annotations

from bot.digest import DigestRequest, DigestSection
from bot.richtext import bullets, p, plural
from bot.stores.ideas import IDEAS, IdeaStatus
from commands.ideas.listing import line
from commands.ideas.specs import router


@router.digest_section
async def ideas_section(req: DigestRequest) -> DigestSection | None:
    created = await req.uow.get(IDEAS).created_between(req.start, req.end)
    # merged into another or drafted into a submission: no longer open for support
    new = [idea for idea in created if idea.status is IdeaStatus.OPEN]
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
