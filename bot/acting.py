"""Doing something as a person outside a chat event (the web desk's buttons), through the
same core rules as an event: one transaction, committed once, and what the work said to
the chat (`ctx.deliver`: the author told, the officers told) sent only after the commit.

The work gets a `Context` as a command from that person in their private chat would, so
feature code runs unchanged: the same stores, the same audit entries with the same role.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.context import Context, Services
from bot.middleware import EventUnit
from bot.model import CommandEvent, Identity, Role, person_target

T = TypeVar("T")


class NotRunningError(Exception):
    """The person's platform is not running in this process, so nothing can reach them."""


async def act_as(
    services: Services,
    who: Identity,
    role: Role,
    name: str,
    work: Callable[[Context], Awaitable[T]],
) -> T:
    """Run `work` as `who` (with `role`, checked by the caller just before); `name` says what
    the command would have been (for logs)."""
    adapter = services.adapters.get(who.platform)
    if adapter is None:
        raise NotRunningError(who.platform)
    ctx = Context(CommandEvent(sender=who, chat=person_target(who), name=name), adapter, services)
    ctx.role = role
    ctx.hold_deliveries()
    try:
        async with services.storage.unit() as uow:
            ctx.uow = EventUnit(uow)
            result = await work(ctx)
            await uow.commit()
    except BaseException:
        ctx.drop_deliveries()
        raise
    finally:
        ctx.uow = None
    await ctx.flush_deliveries()
    return result
