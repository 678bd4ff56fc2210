"""Officers' /consultation add, edit and remove; saving plans reminders and announces."""

from __future__ import annotations

from typing import Any

from bot import conversation
from bot.audit import audit
from bot.commands import Access, record_number
from bot.context import Context
from bot.limits import quoted
from bot.model import Choice, OutgoingMessage
from bot.richtext import plural, shorten
from bot.router import Router
from bot.stores.consultations import CONSULTATIONS, Consultation
from commands.consultations.fields import (
    FIELDS_ASKED,
    InvalidInputError,
    TooLongError,
    check,
    check_dates,
    edited,
)
from commands.consultations.flows import ADD_FLOW, EDIT_FLOW
from commands.consultations.saving import check_edit, save_edit
from commands.consultations.specs import CONSULTATION, FIELDS

router = Router("consultation-admin")
router.flow(ADD_FLOW)
router.flow(EDIT_FLOW)


@router.command(CONSULTATION)
async def usage(ctx: Context) -> None:
    await ctx.reply(
        OutgoingMessage.text(
            "Use /consultation add, /consultation edit NUMBER or /consultation remove NUMBER.",
            "Type /consultations to see the numbers.",
        )
    )


@router.subcommand(CONSULTATION, "add")
async def add(ctx: Context) -> None:
    if not ctx.args.strip():
        await conversation.start(ctx, ADD_FLOW)
        return
    pieces = [piece.strip() for piece in ctx.args.split("|")]
    if len(pieces) > len(FIELDS_ASKED):
        await ctx.reply(
            f"That is {len(pieces)} parts; give at most {len(FIELDS_ASKED)}: title | commission "
            f"| link | opens | closes. You typed: {quoted(ctx.args.strip())}"
        )
        return
    data: dict[str, Any] = {}
    try:
        for field, text in zip(FIELDS_ASKED, pieces, strict=False):
            data[field] = check(field, text, ctx.config, ctx.now())
        check_dates(data.get("opens"), data.get("closes"), ctx.now())
    except InvalidInputError as problem:
        await ctx.reply(you_typed(problem, ctx.args))
        return
    await conversation.start(ctx, ADD_FLOW, data, step="confirm")


@router.subcommand(CONSULTATION, "edit")
async def edit(ctx: Context) -> None:
    words = ctx.args.split(maxsplit=2)
    c = await _find(ctx, words[0] if words else "", "edit")
    if c is None:
        return
    if len(words) == 1:
        await conversation.start(ctx, EDIT_FLOW, {"id": c.id})
        return
    field = words[1].lower()
    if field not in FIELDS:
        await ctx.reply(
            f"I can't change {shorten(words[1])!r}. Choose one of: {', '.join(FIELDS)}."
        )
        return
    try:
        value = check(field, words[2] if len(words) > 2 else "", ctx.config, ctx.now())
        changed = edited(c, field, value)
        if field in ("opens", "closes"):
            check_edit(changed, ctx.now())
    except InvalidInputError as problem:
        await ctx.reply(you_typed(problem, ctx.args))
        return
    if field in ("opens", "closes"):
        data = {"id": c.id, "field": field, "value": value}
        await conversation.start(ctx, EDIT_FLOW, data, step="confirm")
        return
    await ctx.reply(await save_edit(ctx, changed))


@router.subcommand(CONSULTATION, "remove")
async def remove(ctx: Context) -> None:
    c = await _find(ctx, ctx.args.strip(), "remove")
    if c is None:
        return
    await ctx.reply(
        OutgoingMessage.text(
            f"Remove consultation #{c.id} ({c.title})? Its reminders stop; drafts that answer "
            "it keep their text.",
            choices=(
                Choice("Yes, remove it", f"consultation-remove:{c.id}"),
                Choice("No, keep it", f"consultation-keep:{c.id}"),
            ),
        )
    )


@router.action("consultation-keep", access=Access.CONSULTATIONS)
async def keep(ctx: Context, argument: str) -> None:
    await ctx.reply(f"Consultation #{argument} is kept: nothing changed.")


@router.action("consultation-remove", access=Access.CONSULTATIONS)
async def confirm_remove(ctx: Context, argument: str) -> None:
    c = await _find(ctx, argument, "remove")
    if c is None:
        return
    await ctx.uow.get(CONSULTATIONS).remove(c.id, ctx.now())
    cancelled = await ctx.services.scheduler.cancel(ctx.uow, "consultation_reminder", str(c.id))
    await audit(ctx, "consultation.remove", f"consultation #{c.id}", c.title)
    extra = f" {plural(cancelled, 'planned reminder')} cancelled." if cancelled else ""
    await ctx.reply(
        f"Removed consultation #{c.id} ({c.title}).{extra} Drafts that answer it keep their text."
    )


def you_typed(problem: InvalidInputError, typed: str) -> str:
    """The refusal with what was typed, shown back once."""
    if isinstance(problem, TooLongError):
        return str(problem)
    return f"{problem} You typed: {quoted(typed.strip())}"


async def _find(ctx: Context, number: str, verb: str) -> Consultation | None:
    wanted = record_number(number.strip().lstrip("#"))
    if wanted is None:
        await ctx.reply(
            f"Which consultation? Type /consultation {verb} NUMBER, for example "
            f"/consultation {verb} 3. /consultations shows the numbers."
        )
        return None
    c = await ctx.uow.get(CONSULTATIONS).get(wanted)
    if c is None or c.removed_at is not None:
        await ctx.reply(
            f"There is no consultation #{number.strip().lstrip('#')}. "
            "/consultations shows the numbers."
        )
        return None
    return c
