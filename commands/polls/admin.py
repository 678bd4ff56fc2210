"""Seeing polls: /poll ID and /poll list for officers (turnout, never who voted how in an
anonymous poll), /poll export ID, and /polls for members (the open ones, to vote in)."""

from __future__ import annotations

from bot.commands import record_number
from bot.context import Context
from bot.model import Attachment, Choice, OutgoingMessage
from bot.richtext import Block, b, bullets, p, plural
from bot.stores.polls import POLLS, Poll
from commands.polls.counting import RunOff, Tally
from commands.polls.export import poll_csv, visible_outcome
from commands.polls.render import (
    KIND_LABELS,
    results_blocks,
    results_message,
    short,
    when,
)
from commands.polls.specs import POLL, router
from commands.polls.specs import POLLS as POLLS_SPEC


async def _find(ctx: Context, wanted: str) -> Poll | None:
    wanted = wanted.strip().lstrip("#")
    number = record_number(wanted)
    poll = await ctx.uow.get(POLLS).get(number) if number is not None else None
    if poll is None:
        shown = wanted or "?"
        await ctx.reply(f"There is no poll #{shown}. /poll list shows the open polls.")
    return poll


async def _outcome(ctx: Context, poll: Poll) -> Tally | RunOff | None:
    return await visible_outcome(ctx.uow, poll)


async def show_poll(ctx: Context, wanted: str) -> None:
    poll = await _find(ctx, wanted)
    if poll is None or poll.id is None:
        return
    zone = ctx.config.clp.zone
    outcome = await _outcome(ctx, poll)
    if not poll.is_open and outcome is not None:
        await ctx.reply(results_message(poll, outcome, zone))
        return
    turnout = await ctx.uow.get(POLLS).turnout(poll.id)
    blocks: list[Block] = [
        p(b(f"Poll #{poll.id}: {poll.question}")),
        bullets(
            f"Kind: {KIND_LABELS[poll.kind]}",
            "Anonymous" if poll.anonymous else "Open vote",
            f"Open until {when(poll.deadline, zone)}",
            f"{plural(turnout, 'member has', 'members have')} voted so far",
        ),
    ]
    if outcome is not None:
        blocks += results_blocks(poll, outcome, heading="Results so far")
    blocks.append(p(f"Close it early with /poll close {poll.id}."))
    await ctx.reply(OutgoingMessage(blocks=tuple(blocks)))


@router.subcommand(POLL, "list")
async def list_polls(ctx: Context) -> None:
    store = ctx.uow.get(POLLS)
    polls = await store.open_polls()
    if not polls:
        await ctx.reply("No polls are open. Start one with /poll.")
        return
    zone = ctx.config.clp.zone
    lines = []
    for poll in polls:
        assert poll.id is not None
        turnout = await store.turnout(poll.id)
        lines.append(
            f"#{poll.id} {short(poll.question, 80)}: {turnout} voted, closes"
            f" {when(poll.deadline, zone)}"
        )
    await ctx.reply(OutgoingMessage(blocks=(p(b("Open polls")), bullets(*lines))))


@router.subcommand(POLL, "export")
async def export_poll(ctx: Context) -> None:
    poll = await _find(ctx, ctx.args)
    if poll is None or poll.id is None:
        return
    outcome = await _outcome(ctx, poll)
    if outcome is None:
        await ctx.reply(
            f"Poll #{poll.id} shows its results only when it closes"
            f" ({when(poll.deadline, ctx.config.clp.zone)}). Export it then."
        )
        return
    text = await poll_csv(ctx.uow, poll, outcome)
    await ctx.reply(
        OutgoingMessage(
            blocks=(p(f"Poll #{poll.id}: the results as a CSV file."),),
            attachment=Attachment(f"poll-{poll.id}.csv", text.encode("utf-8"), "text/csv"),
        )
    )


@router.command(POLLS_SPEC)
async def open_polls(ctx: Context) -> None:
    polls = await ctx.uow.get(POLLS).open_polls()
    if not polls:
        await ctx.reply("No polls are open just now.")
        return
    zone = ctx.config.clp.zone
    await ctx.reply(
        OutgoingMessage(
            blocks=(
                p(b("Open polls")),
                bullets(
                    *(
                        f"#{poll.id} {poll.question} (closes {when(poll.deadline, zone)})"
                        for poll in polls
                    )
                ),
                p("Press a poll to get its ballot privately."),
            ),
            choices=tuple(
                Choice(f"#{poll.id} {short(poll.question, 30)}", f"vote:{poll.id}:show")
                for poll in polls
            ),
        )
    )
