"""The events part of the weekly digest: our next events and neighbouring CLPs', marked."""

from __future__ import annotations

from bot.digest import DigestRequest, DigestSection
from bot.richtext import Block, b, bullets, p
from bot.router import Router
from bot.stores.events import NEIGHBOUR_EVENTS
from commands.events import render
from commands.events.listing import going_at
from commands.events.pages import OurEvents

router = Router("events.digest")


@router.digest_section
async def events_section(req: DigestRequest) -> DigestSection | None:
    """The next `[events] list_limit` of ours and of the neighbours', whatever their date."""
    config = req.services.config
    zone, limit = config.clp.zone, config.events.list_limit
    ours = await (await OurEvents.load(req.uow, zone, req.now)).page(0, limit)
    theirs = await req.uow.get(NEIGHBOUR_EVENTS).upcoming_page(req.now, 0, limit)
    if not ours and not theirs:
        return None
    going = await going_at(req.uow, ours)
    blocks: list[Block] = []
    if ours:
        blocks.append(p(b(f"At {config.clp.name}")))
        blocks.append(bullets(*(render.line(e, s, zone, going.get(e.id or 0, 0)) for s, e in ours)))
    if theirs:
        blocks.append(p(b("At neighbouring CLPs")))
        blocks.append(bullets(*(render.neighbour_line(n, zone) for n in theirs)))
    hint = "Type /events for what is on"
    hint += ", and /events and a number to reply, like /events 3." if ours else "."
    blocks.append(p(hint))
    return DigestSection("Coming up", tuple(blocks), order=30)
