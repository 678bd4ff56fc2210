"""What an officer may see of a poll's results now, and its CSV export: used by /poll and
/poll export in chat and by the web desk, so both show and export the same. An anonymous
poll's export has the totals only, never who voted how."""

from __future__ import annotations

from bot.exports import spreadsheet_csv
from bot.stores import UnitOfWork
from bot.stores.accounts import ACCOUNTS
from bot.stores.polls import POLLS, Poll
from commands.polls.counting import RunOff, Tally
from commands.polls.render import KIND_LABELS, describe_ballot
from commands.polls.results import count, from_json


async def visible_outcome(uow: UnitOfWork, poll: Poll) -> Tally | RunOff | None:
    """The results an officer may see now: final ones, or live ones for a live poll."""
    assert poll.id is not None
    if poll.results is not None:
        return from_json(poll.results)
    if poll.live_results:
        return count(poll, await uow.get(POLLS).ballots(poll.id))
    return None


async def poll_csv(uow: UnitOfWork, poll: Poll, outcome: Tally | RunOff) -> str:
    """The results as a spreadsheet; an open vote's ballots by name, an anonymous one's not."""
    assert poll.id is not None
    turnout = await uow.get(POLLS).turnout(poll.id)
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
        accounts = uow.get(ACCOUNTS)
        for ballot in await uow.get(POLLS).named_ballots(poll.id):
            people = await accounts.identities(ballot.person_id)
            names = " / ".join(who.display_name for who in people) or "unknown"
            keys = " ".join(f"{who.platform}:{who.user_id}" for who in people)
            rows.append([names, keys, describe_ballot(poll, ballot.choices)])
    return spreadsheet_csv(rows)


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
