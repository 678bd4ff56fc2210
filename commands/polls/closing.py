"""Closing a poll: by itself at the deadline (job "poll_close", ref = poll id) or early
with /poll close ID. The results go out through the outbox to every chat the poll ran in,
with a bar chart where the platform shows images."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

from bot.audit import audit
from bot.commands import record_number
from bot.context import Context, Services
from bot.richtext import plural, shorten
from bot.scheduling.scheduler import JobContext
from bot.stores import UnitOfWork
from bot.stores.polls import POLLS, Poll
from commands.polls.chart import chart_attachment
from commands.polls.render import results_message, when
from commands.polls.results import count, to_json
from commands.polls.specs import POLL, router

JOB = "poll_close"


async def close_poll(
    services: Services, uow: UnitOfWork, poll_id: int, now: datetime
) -> Poll | None:
    """Close, count and queue the results; None if the poll is unknown or already closed."""
    store = uow.get(POLLS)
    if not await store.close(poll_id, now):
        return None
    poll = await store.get(poll_id)
    assert poll is not None
    outcome = count(poll, await store.ballots(poll_id))
    poll.results = to_json(outcome)
    await store.save_results(poll_id, poll.results)
    message = results_message(poll, outcome, services.config.clp.zone)
    if _shows_images(services, poll):
        chart = await asyncio.to_thread(chart_attachment, poll, outcome)
        message = replace(message, attachment=chart)
    await services.outbox.post(uow, f"poll-results:{poll_id}", poll.chats, message)
    return poll


def _shows_images(services: Services, poll: Poll) -> bool:
    """Is there a chat the chart can be seen in? Else it is not drawn at all."""
    adapters = (services.adapters.get(chat.platform) for chat in poll.chats)
    return any(adapter is not None and adapter.capabilities.images for adapter in adapters)


@router.job(JOB, run_late=True)
async def close_at_deadline(job: JobContext) -> None:
    if (poll_id := record_number(job.job.ref)) is not None:
        await close_poll(job.services, job.uow, poll_id, job.now())


@router.subcommand(POLL, "close")
async def close_now(ctx: Context) -> None:
    wanted = ctx.args.strip().lstrip("#")
    number = record_number(wanted)
    if number is None:
        await ctx.reply("Which poll? Give its number, for example /poll close 3 (/poll list).")
        return
    store = ctx.uow.get(POLLS)
    poll = await store.get(number)
    if poll is None:
        await ctx.reply(f"There is no poll #{shorten(wanted)}. /poll list shows the open polls.")
        return
    if not poll.is_open:
        closed = when(poll.closed_at or poll.deadline, ctx.config.clp.zone)
        await ctx.reply(f"Poll #{wanted} is already closed (since {closed}).")
        return
    closed_poll = await close_poll(ctx.services, ctx.uow, number, ctx.now())
    await ctx.services.scheduler.cancel(ctx.uow, JOB, wanted)
    if closed_poll is not None:
        await audit(ctx, "poll.close", f"poll #{number}", poll.question)
    # the secret is gone from the files before we say closed (after the commit erases it)
    await ctx.in_own_unit(lambda uow: uow.get(POLLS).traces_erased())
    if closed_poll is None:
        await ctx.reply(f"Poll #{wanted} had just closed by itself.")
        return
    await ctx.reply(
        f"Closed poll #{wanted}. The results are being posted to the"
        f" {plural(len(closed_poll.chats), 'chat')} it ran in."
    )
