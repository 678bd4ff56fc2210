"""Seeing polls: /poll ID and /poll list for officers (turnout, never who voted how in an
anonymous poll), /poll export ID, and /polls for members (the open ones, to vote in)."""

from __future__ import annotations

from bot.commands import record_number
from bot.context import Context
from bot.exports import spreadsheet_csv
from bot.model import Attachment, Choice, OutgoingMessage
from bot.richtext import Block, b, bullets, p, plural
from bot.stores.accounts import ACCOUNTS
from bot.stores.polls import POLLS, Poll
from commands.polls.counting import RunOff, Tally
from commands.polls.render import (
    KIND_LABELS,
    describe_ballot,
    results_blocks,
    results_message,
    short,
    when,
)
from commands.polls.results import count, from_json
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
    """The results an officer may see now: final ones, or live ones for a live poll."""
    assert poll.id is not None
    if poll.results is not None:
        return from_json(poll.results)
    if poll.live_results:
        return count(poll, await ctx.uow.get(POLLS).ballots(poll.id))
    return None


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
    turnout = await ctx.uow.get(POLLS).turnout(poll.id)
    rows: list[list[str | int]] = [
        ["poll", poll.id],
        ["question", poll.question],
        ["kind", KIND_LABELS[poll.kind]],
        ["anonymous", "yes" if poll.anonymous else "no"],
        ["took part", turnout],
    ]
    if poll.abstain:
        rows.append(["abstained", outcome.abstained])
    if poll.quorum is not None:
        rows.append(["quorum", poll.quorum, "reached" if turnout >= poll.quorum else "not reached"])
    rows.append([])
    rows += _count_rows(poll, outcome)
    if not poll.anonymous:
        rows += [[], ["voter", "platform accounts", "ballot"]]
        accounts = ctx.uow.get(ACCOUNTS)
        for ballot in await ctx.uow.get(POLLS).named_ballots(poll.id):
            people = await accounts.identities(ballot.person_id)
            names = " / ".join(who.display_name for who in people) or "unknown"
            keys = " ".join(f"{who.platform}:{who.user_id}" for who in people)
            rows.append([names, keys, describe_ballot(poll, ballot.choices)])
    await ctx.reply(
        OutgoingMessage(
            blocks=(p(f"Poll #{poll.id}: the results as a CSV file."),),
            attachment=Attachment(
                f"poll-{poll.id}.csv", spreadsheet_csv(rows).encode("utf-8"), "text/csv"
            ),
        )
    )


def _count_rows(poll: Poll, outcome: Tally | RunOff) -> list[list[str | int]]:
    if isinstance(outcome, Tally):
        rows: list[list[str | int]] = [["option", "votes"]]
        rows += [[o.label, v] for o, v in zip(poll.options, outcome.counts, strict=True)]
        return rows
    rows = [["round", "option", "votes", "eliminated", "exhausted before the round"]]
    for n, round_ in enumerate(outcome.rounds, start=1):
        for option, votes in round_.counts.items():
            out = "yes" if option == round_.eliminated else ""
            rows.append([n, poll.options[option].label, votes, out, round_.exhausted])
    winner = poll.options[outcome.winner].label if outcome.winner is not None else "none"
    rows.append(["winner", winner])
    return rows


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
