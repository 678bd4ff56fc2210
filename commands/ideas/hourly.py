"""How many ideas one member may put forward in an hour (`[ideas] per_member_per_hour`).

Counted by person, so linked accounts count together, and in the event's own transaction,
just before the insert: the store locks the person's row (PostgreSQL) or the transaction
holds SQLite's write lock, so a burst of events from one member counts one at a time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.context import Context
from bot.limits import quoted
from bot.richtext import plural
from bot.stores.ideas import IDEAS

WINDOW = timedelta(hours=1)


async def next_allowed(ctx: Context, person: int) -> datetime | None:
    """None if the person may put forward an idea now; else the time they next may."""
    limit = ctx.config.ideas.per_member_per_hour
    recent = await ctx.uow.get(IDEAS).recent_from(person, ctx.now() - WINDOW, limit)
    if len(recent) < limit:
        return None
    return recent[-1] + WINDOW  # the oldest of the latest `limit` leaves the hour then


def local_time(ctx: Context, moment: datetime) -> str:
    """ "14:05", or "14:05 on Tuesday 3 March" when it is not today (CLP time), rounded up
    to the minute so that the time given is never a little too early."""
    zone = ctx.config.clp.zone
    if moment.second or moment.microsecond:
        moment = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    local = moment.astimezone(zone)
    at = local.strftime("%H:%M")
    if local.date() != ctx.now().astimezone(zone).date():
        at += f" on {local.strftime('%A')} {local.day} {local.strftime('%B')}"
    return at


def refusal(ctx: Context, when: datetime, typed: str) -> str:
    limit = ctx.config.ideas.per_member_per_hour
    return (
        f"You have put forward {plural(limit, 'idea')} in the last hour, the most one member"
        f" can. You can add your next at {local_time(ctx, when)} ({ctx.config.clp.zone}"
        " time): send it again then. Here is what you typed, so nothing is lost:"
        f"\n\n{quoted(typed)}"
    )
