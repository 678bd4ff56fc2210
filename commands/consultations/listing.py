"""/consultations: the open ones, how long is left, and how many drafts were started."""

from __future__ import annotations

from bot.commands import record_number
from bot.context import Context
from bot.model import OutgoingMessage
from bot.paging import Page, asked_page, page_choices, past_end, pressed_page, show_page
from bot.permissions import Permission
from bot.richtext import Block, b, bullets, p, shorten
from bot.router import Router
from bot.stores.consultations import CONSULTATIONS
from commands.consultations import render
from commands.consultations.specs import CONSULTATIONS as CONSULTATIONS_SPEC

router = Router("consultations")


@router.command(CONSULTATIONS_SPEC)
async def consultations(ctx: Context) -> None:
    asked = asked_page(ctx.args, "/consultations")
    wanted = asked.rest.lstrip("#")
    if asked.problem:
        await ctx.reply(asked.problem)
    elif wanted:
        await _one(ctx, wanted)
    else:
        await show_open(ctx, asked.number)


@router.action("consultpage")
async def consultations_page_button(ctx: Context, argument: str) -> None:
    number, _ = pressed_page(argument)
    await show_open(ctx, number or 1)


async def show_open(ctx: Context, number: int) -> None:
    """One page of the open consultations, soonest closing first."""
    store = ctx.uow.get(CONSULTATIONS)
    now, zone = ctx.now(), ctx.config.clp.zone
    page = Page(number, await store.count_open(now))
    if page.total == 0:
        hint = (
            " Officers can add one with /consultation add."
            if ctx.can(Permission.CONSULTATIONS)
            else " I announce new ones as soon as they appear."
        )
        await ctx.reply("No NPF consultations are open just now." + hint)
        return
    if page.past_end:
        await ctx.reply(past_end(page, "/consultations"))
        return
    found = await store.open_page(now, page.offset, page.size)
    counts = await store.draft_counts([c.id for c in found])
    blocks: list[Block] = [
        p(b(f"Open NPF consultations ({page.total})")),
        bullets(*(render.list_item(c, now, zone, counts[c.id]) for c in found)),
    ]
    if page.count > 1:
        blocks.append(p(f"{page.line} Type /consultations page N to jump to a page."))
    blocks.append(p("Type /consultations and a number for details; /submit to draft a submission."))
    choices = page_choices("consultpage", page)
    await show_page(ctx, OutgoingMessage(blocks=tuple(blocks), choices=choices))


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
