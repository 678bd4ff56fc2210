"""Each platform delivery is handled once, also when the platform delivers it again.

Telegram redelivers a webhook update it believes failed (no answer in time, a worker
restarting behind the proxy), and with two webhook workers the second copy can reach the
other process. An adapter sets `IncomingEvent.delivery_id` (the `update_id`); the core
skips an event whose id is recorded as handled, and records the id in the event's own
transaction, last, just before it commits:

- a handler that fails (and rolls back) leaves the id unrecorded, so a redelivery is
  handled then;
- the record is the transaction's last write, so on SQLite it adds no time to the write
  lock, and a copy handled at the same moment by another worker (PostgreSQL: its insert
  waits for ours, then finds the id taken) is rolled back whole (`RepeatedDeliveryError`).

Ids older than `[retention] deliveries_days` are pruned by the daily clean-up.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.context import Context
from bot.stores.buttons import DELIVERIES

log = logging.getLogger("clpbot.dispatch")
Next = Callable[[Context], Awaitable[None]]


class RepeatedDeliveryError(Exception):
    """Another copy of this delivery was recorded while this one was being handled."""


async def skip_repeats(ctx: Context, call_next: Next) -> None:
    """Outside the unit of work: a copy that lost the race ends quietly, rolled back."""
    try:
        await call_next(ctx)
    except RepeatedDeliveryError:
        log.info("%s delivery %s was handled elsewhere: rolled back", *_which(ctx))


async def record_delivery(ctx: Context, call_next: Next) -> None:
    """Inside the unit of work: skip a delivery handled before, record this one last."""
    delivery = ctx.event.delivery_id
    if delivery is None:
        await call_next(ctx)
        return
    platform = ctx.chat.platform
    if await ctx.uow.get(DELIVERIES).handled(platform, delivery):
        log.info("%s delivery %s was handled already: skipped", platform, delivery)
        return
    await call_next(ctx)
    if not await ctx.uow.get(DELIVERIES).first_time(platform, delivery, ctx.now()):
        raise RepeatedDeliveryError(delivery)


def _which(ctx: Context) -> tuple[str, str | None]:
    return ctx.chat.platform, ctx.event.delivery_id
