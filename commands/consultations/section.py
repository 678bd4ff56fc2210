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
    week = await store.week(req.start, req.end, req.now, req.now + soon)
    new, closing, counts = week.new, week.closing, week.drafts
    if not (new or closing or week.open_count):
        return None
    blocks: list[Block] = []
    if new:
        blocks.append(p(b(f"New this week ({len(new)})")))
        blocks.append(bullets(*(render.list_item(c, req.now, zone, counts[c.id]) for c in new)))
    if closing:
        blocks.append(p(b(f"Closing in the next {soon.days} days ({len(closing)})")))
        blocks.append(bullets(*(render.list_item(c, req.now, zone, counts[c.id]) for c in closing)))
    blocks.append(
        p(f"Open now: {week.open_count}. See them all with /consultations; respond with /submit.")
    )
    return DigestSection("NPF consultations", tuple(blocks), order=10)
