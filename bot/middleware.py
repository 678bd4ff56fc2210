"""Cross-cutting work around every event: error reporting, one conversation at a time, the
role, a unit of work whose answers go out after it commits.

A middleware is `async def mw(ctx, call_next)`; the dispatcher runs them outermost first.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import TypeVar

from bot.audit import track_role
from bot.context import Context
from bot.deliveries import record_delivery, skip_repeats
from bot.model import CommandEvent, FormEvent, IncomingEvent, TextEvent
from bot.ordering import KeyedLocks
from bot.stores import StoreKey, UnitOfWork
from bot.stores.core import StepMovedOnError
from bot.stores.offices import OFFICES

log = logging.getLogger("clpbot.dispatch")
T = TypeVar("T")

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


NOT_SAVED = (
    "Sorry, I could not save that just now, so nothing of it was stored and we are still at"
    " the same step. Please send it again in a moment."
)
MOVED_ON = (
    "That step has already moved on (another press or message got there first), so I did"
    " nothing with this one. Please answer the latest question."
)


def one_at_a_time(locks: KeyedLocks | None = None) -> Middleware:
    """Events of one conversation (platform + chat + member) are handled one after the
    other, in the order they arrived, whatever the adapter: a double tap runs the second
    press against what the first one stored. Other conversations run side by side."""
    held = locks if locks is not None else KeyedLocks()

    async def in_turn(ctx: Context, call_next: Next) -> None:
        key = f"{ctx.sender.platform}\x00{ctx.chat.chat_id}\x00{ctx.sender.user_id}"
        async with held.hold(key):
            await call_next(ctx)

    return in_turn


async def unit_of_work(ctx: Context, call_next: Next) -> None:
    """One database transaction per event. The handler's writes, its conversation state and
    its scheduling commit together, once, here; what the handler said goes out after the
    commit (`Context.deliver`), and timers and the outbox are woken by `after_commit`.

    A commit that fails tells the member so (nothing of what it would have said goes out)
    and shows them back what they typed; a conversation row changed meanwhile by another
    process (`StepMovedOnError`) rolls everything back and says the step has moved on.
    """
    ctx.hold_deliveries()
    try:
        async with ctx.services.storage.unit() as uow:
            ctx.uow = EventUnit(uow)
            await call_next(ctx)
            try:
                await uow.commit()
            except Exception as error:
                raise _CommitError from error
    except _CommitError as failed:
        ctx.drop_deliveries()
        log.error("could not commit %s from %s: %r", _what(ctx), ctx.sender.key, failed.__cause__)
        await ctx.reply(NOT_SAVED + _typed(ctx.event))
        return
    except StepMovedOnError:
        ctx.drop_deliveries()
        await ctx.reply(MOVED_ON)
        return
    except BaseException:
        ctx.drop_deliveries()
        raise
    finally:
        ctx.uow = None
    await ctx.flush_deliveries()


class _CommitError(Exception):
    pass


class EventUnit:
    """The event's unit of work as a handler sees it: everything but `commit`, which is the
    core's (a handler that needs a transaction of its own uses `ctx.in_own_unit`)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def get(self, key: StoreKey[T]) -> T:
        return self._uow.get(key)

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._uow.after_commit(callback)

    def savepoint(self) -> AbstractAsyncContextManager[None]:
        return self._uow.savepoint()

    async def rollback(self) -> None:
        await self._uow.rollback()

    async def commit(self) -> None:
        raise RuntimeError(
            "the core commits an event's transaction once, after the handler: use"
            " ctx.in_own_unit(work) for a transaction of your own"
        )


def _what(ctx: Context) -> str:
    return type(ctx.event).__name__


def _typed(event: IncomingEvent) -> str:
    """What the member typed, shown back so that it is not lost with the transaction."""
    if isinstance(event, TextEvent):
        typed = event.text
    elif isinstance(event, CommandEvent):
        typed = f"/{event.name} {event.args}".rstrip()
    elif isinstance(event, FormEvent):
        typed = "\n".join(value for value in event.fields.values() if value)
    else:
        return ""
    return f"\n\nWhat you sent:\n{typed}" if typed.strip() else ""


async def resolve_role(ctx: Context, call_next: Next) -> None:
    """Who is this: the platform's answer now, not a cached flag from a button."""
    ctx.role = await ctx.adapter.role_of(ctx.event)
    await call_next(ctx)


async def resolve_offices(ctx: Context, call_next: Next) -> None:
    """The offices the sender holds, read in the event's own transaction: a hand-over
    counts from the next event on, on every linked account, with no cache to go stale."""
    ctx.offices = tuple(await ctx.uow.get(OFFICES).offices_of(ctx.sender))
    await call_next(ctx)


DEFAULT_MIDDLEWARE: tuple[Middleware, ...] = (
    report_errors,
    skip_repeats,
    one_at_a_time(),
    resolve_role,
    unit_of_work,
    record_delivery,
    resolve_offices,
    track_role,
)
