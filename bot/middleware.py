"""Cross-cutting work around every event: error reporting, a unit of work, the role.

A middleware is `async def mw(ctx, call_next)`; the dispatcher runs them outermost first.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.audit import track_role
from bot.context import Context
from bot.deliveries import record_delivery, skip_repeats

log = logging.getLogger("clpbot.dispatch")

Next = Callable[[Context], Awaitable[None]]
Middleware = Callable[[Context, Next], Awaitable[None]]

APOLOGY = (
    "Sorry, something went wrong on our side and I could not finish that. "
    "Nothing you typed earlier is lost; please try again in a moment."
)


async def report_errors(ctx: Context, call_next: Next) -> None:
    """An unexpected error: the member gets a short apology, the log a traceback."""
    try:
        await call_next(ctx)
    except Exception:
        log.exception(
            "error handling %s from %s in %s",
            type(ctx.event).__name__,
            ctx.sender.key,
            ctx.chat.chat_id,
        )
        try:
            await ctx.reply(APOLOGY)
        except Exception:
            log.exception("could not send the apology either")


async def unit_of_work(ctx: Context, call_next: Next) -> None:
    """One database transaction per event, committed when the handler succeeds."""
    async with ctx.services.storage.unit() as uow:
        ctx.uow = uow
        try:
            await call_next(ctx)
        finally:
            ctx.uow = None


async def resolve_role(ctx: Context, call_next: Next) -> None:
    """Who is this: the platform's answer now, not a cached flag from a button."""
    ctx.role = await ctx.adapter.role_of(ctx.event)
    await call_next(ctx)


DEFAULT_MIDDLEWARE: tuple[Middleware, ...] = (
    report_errors,
    skip_repeats,
    resolve_role,
    unit_of_work,
    record_delivery,
    track_role,
)
