"""Saving a consultation an officer added or edited: announce, plan reminders, arm them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.audit import audit
from bot.context import Context
from bot.model import OutgoingMessage
from bot.stores.consultations import CONSULTATIONS, Consultation
from commands.consultations import render
from commands.consultations.fields import check_dates, moment
from commands.consultations.notify import announce_new, plan_reminders


async def save_new(ctx: Context, data: dict[str, Any]) -> OutgoingMessage:
    """Add the consultation, announce it, plan its reminders; commit; arm the timers."""
    now = ctx.now()
    c = await ctx.uow.get(CONSULTATIONS).add(
        data["title"],
        commission=data.get("commission"),
        url=data.get("link") or "",
        opens_at=moment(data.get("opens")),
        closes_at=moment(data.get("closes")),
        created_at=now,
    )
    await announce_new(ctx.services, ctx.uow, [c], now)
    jobs = await plan_reminders(ctx.services, ctx.uow, c, now)
    await audit(ctx, "consultation.add", f"consultation #{c.id}", c.title)
    details = render.details(c, now, ctx.config.clp.zone, 0)
    note = f"Added consultation #{c.id}; it is announced to the announce chats."
    if jobs:
        note += f" Deadline reminders are planned ({len(jobs)})."
    return OutgoingMessage(blocks=(*OutgoingMessage.text(note).blocks, *details.blocks))


def check_edit(c: Consultation, now: datetime) -> None:
    closes = c.closes_at.isoformat() if c.closes_at else None
    opens = c.opens_at.isoformat() if c.opens_at else None
    check_dates(opens, closes, now)


async def save_edit(ctx: Context, c: Consultation) -> OutgoingMessage:
    await ctx.uow.get(CONSULTATIONS).update(c)
    await plan_reminders(ctx.services, ctx.uow, c, ctx.now())
    await audit(ctx, "consultation.edit", f"consultation #{c.id}", c.title)
    counts = await ctx.uow.get(CONSULTATIONS).draft_counts([c.id])
    details = render.details(c, ctx.now(), ctx.config.clp.zone, counts[c.id])
    return OutgoingMessage(blocks=(*OutgoingMessage.text("Saved.").blocks, *details.blocks))
