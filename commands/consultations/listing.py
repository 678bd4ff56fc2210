"""/consultations: the open ones, how long is left, and how many drafts were started."""

from __future__ import annotations

from bot.commands import record_number
from bot.context import Context
from bot.model import OutgoingMessage
from bot.permissions import Permission
from bot.richtext import Block, b, bullets, p, shorten
from bot.router import Router
from bot.stores.consultations import CONSULTATIONS
from commands.consultations import render
from commands.consultations.specs import CONSULTATIONS as CONSULTATIONS_SPEC

router = Router("consultations")


@router.command(CONSULTATIONS_SPEC)
async def consultations(ctx: Context) -> None:
    wanted = ctx.args.strip().lstrip("#")
    if wanted:
        await _one(ctx, wanted)
        return
    store = ctx.uow.get(CONSULTATIONS)
    now, zone = ctx.now(), ctx.config.clp.zone
    found = await store.open_consultations(now)
    if not found:
        hint = (
            " Officers can add one with /consultation add."
            if ctx.can(Permission.CONSULTATIONS)
            else " I announce new ones as soon as they appear."
        )
        await ctx.reply("No NPF consultations are open just now." + hint)
        return
    counts = await store.draft_counts([c.id for c in found])
    blocks: list[Block] = [
        p(b(f"Open NPF consultations ({len(found)})")),
        bullets(*(render.list_item(c, now, zone, counts[c.id]) for c in found)),
        p("Type /consultations and a number for details; /submit to draft a submission."),
    ]
    await ctx.reply(OutgoingMessage(blocks=tuple(blocks)))


async def _one(ctx: Context, wanted: str) -> None:
    number = record_number(wanted)
    if number is None:
        await ctx.reply(
            f"{shorten(wanted)!r} is not a consultation number. Type /consultations to "
            "list them, then"
            " /consultations 3 (say) for one."
        )
        return
    store = ctx.uow.get(CONSULTATIONS)
    c = await store.get(number)
    if c is None or c.removed_at is not None:
        await ctx.reply(
            f"There is no consultation #{shorten(wanted)}. Type /consultations to list them."
        )
        return
    counts = await store.draft_counts([c.id])
    await ctx.reply(render.details(c, ctx.now(), ctx.config.clp.zone, counts[c.id]))
