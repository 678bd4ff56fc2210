"""The consultations section of the weekly digest: new this week, and closing soon."""

from __future__ import annotations

from datetime import timedelta

from bot.digest import DigestRequest, DigestSection
from bot.richtext import Block, b, bullets, p
from bot.router import Router
from bot.stores.consultations import CONSULTATIONS
from commands.consultations import render

router = Router("consultations-digest")


@router.digest_section
async def consultations_section(req: DigestRequest) -> DigestSection | None:
    store = req.uow.get(CONSULTATIONS)
    zone = req.services.config.clp.zone
    soon = timedelta(days=req.services.config.consultations.closing_soon_days)
    new = await store.created_between(req.start, req.end)
    closing = await store.closing_between(req.now, req.now + soon)
    open_now = await store.open_consultations(req.now)
    if not (new or closing or open_now):
        return None
    counts = await store.draft_counts([c.id for c in {*new, *closing}])
    blocks: list[Block] = []
    if new:
        blocks.append(p(b(f"New this week ({len(new)})")))
        blocks.append(bullets(*(render.list_item(c, req.now, zone, counts[c.id]) for c in new)))
    if closing:
        blocks.append(p(b(f"Closing in the next {soon.days} days ({len(closing)})")))
        blocks.append(bullets(*(render.list_item(c, req.now, zone, counts[c.id]) for c in closing)))
    blocks.append(
        p(f"Open now: {len(open_now)}. See them all with /consultations; respond with /submit.")
    )
    return DigestSection("NPF consultations", tuple(blocks), order=10)
