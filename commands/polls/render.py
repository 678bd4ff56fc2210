"""What members and officers read: the poll with its buttons, and the results."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.model import Choice, OutgoingMessage
from bot.richtext import Block, Inline, b, bullets, i, p, plural
from bot.stores.polls import Poll, PollKind
from commands.polls.counting import Ballot, Round, RunOff, Tally
from commands.polls.results import count

BUTTON_CHARS = 40
KIND_LABELS = {
    PollKind.SINGLE: "single choice",
    PollKind.MULTIPLE: "several choices",
    PollKind.RANKED: "ranked choice (instant run-off)",
}


def when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%a %d %b %Y %H:%M %Z")


def short(label: str, limit: int = BUTTON_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def how_to_vote(poll: Poll) -> str:
    return _how_to_choose(poll) + (ABSTAIN_HINT if poll.abstain else "")


ABSTAIN = "Abstain"
ABSTAIN_HINT = " Or press Abstain to take part without choosing any option."


def _how_to_choose(poll: Poll) -> str:
    if poll.kind is PollKind.SINGLE:
        return "Press one option to vote. Press another to change your vote."
    if poll.kind is PollKind.MULTIPLE:
        return (
            f"Press up to {poll.max_choices} options (press again to remove one), then"
            " Submit ballot. You can vote again to change it."
        )
    return (
        "Press the options in your order of preference, first choice first, then Submit"
        " ballot. Rank as many as you like. Clear starts again."
    )


def option_choices(poll: Poll) -> tuple[Choice, ...]:
    choices = [
        Choice(f"{n}. {short(o.label)}", f"vote:{poll.id}:{n - 1}")
        for n, o in enumerate(poll.options, start=1)
    ]
    if poll.kind is not PollKind.SINGLE:
        choices += [
            Choice("Submit ballot", f"vote:{poll.id}:submit"),
            Choice("Clear", f"vote:{poll.id}:clear"),
        ]
    if poll.abstain:
        choices.append(Choice(ABSTAIN, f"vote:{poll.id}:abstain"))
    return tuple(choices)


def secrecy(poll: Poll) -> str:
    if poll.anonymous:
        return "Anonymous: nobody, officers included, can see how you voted."
    return "Open vote: officers can see how each member voted."


def poll_message(
    poll: Poll, zone: ZoneInfo, live: Sequence[Ballot] | None = None
) -> OutgoingMessage:
    """The poll as posted in chats; `live`: the ballots so far, for live results."""
    blocks: list[Block] = [
        p(b(f"Poll #{poll.id}: {poll.question}")),
        bullets(*(f"{n}. {o.label}" for n, o in enumerate(poll.options, start=1))),
        p(how_to_vote(poll)),
        p(f"Closes {when(poll.deadline, zone)}. ", secrecy(poll)),
    ]
    if poll.quorum is not None:
        blocks.append(p(f"Quorum: at least {plural(poll.quorum, 'member')} must vote."))
    if live is not None:
        blocks += results_blocks(poll, count(poll, live), heading="Results so far", final=False)
    else:
        blocks.append(p(i("Results are posted when the poll closes.")))
    return OutgoingMessage(blocks=tuple(blocks), choices=option_choices(poll))


def describe_ballot(poll: Poll, ballot: Sequence[int]) -> str:
    if not ballot:
        return ABSTAIN
    labels = [poll.options[o].label for o in ballot if 0 <= o < len(poll.options)]
    if poll.kind is PollKind.RANKED:
        return ", ".join(f"{n}. {label}" for n, label in enumerate(labels, start=1))
    return "; ".join(labels)


def _pct(votes: int, total: int) -> str:
    return f"{100 * votes / total:.1f}%" if total else "0.0%"


def _votes(n: int) -> str:
    return f"{n} vote" if n == 1 else f"{n} votes"


def results_blocks(
    poll: Poll, outcome: Tally | RunOff, heading: str, *, final: bool = True
) -> list[Block]:
    blocks: list[Block] = [p(b(f"{heading}: {poll.question}")), p(turnout_line(outcome))]
    if poll.quorum is not None:
        blocks.append(p(quorum_line(poll.quorum, turnout(outcome), final)))
    if isinstance(outcome, Tally):
        base = " of those who voted" if poll.kind is PollKind.MULTIPLE else ""
        blocks.append(
            bullets(
                *(
                    f"{o.label}: {_votes(v)} ({_pct(v, outcome.ballots)}{base})"
                    for o, v in zip(poll.options, outcome.counts, strict=True)
                )
            )
        )
        blocks.append(p(_tally_verdict(poll, outcome)))
        return blocks
    for n, round_ in enumerate(outcome.rounds, start=1):
        blocks += _round_blocks(poll, n, round_, outcome.ballots)
    blocks.append(p(_runoff_verdict(poll, outcome)))
    return blocks


def turnout(outcome: Tally | RunOff) -> int:
    """Everyone who took part: those who chose and those who abstained."""
    return outcome.ballots + outcome.abstained


def turnout_line(outcome: Tally | RunOff) -> str:
    took = f"{turnout(outcome)} took part." if turnout(outcome) != 1 else "1 took part."
    if not outcome.abstained:
        return took
    return (
        f"{took} {outcome.abstained} abstained: abstentions count in the turnout but for no"
        f" option, so the shares below are of the {plural(outcome.ballots, 'voter')} who chose."
    )


def quorum_line(quorum: int, voted: int, final: bool) -> str:
    if not final:
        return f"Quorum of {quorum}: {voted} voted so far."
    if voted >= quorum:
        return f"Quorum of {quorum} reached: {voted} voted."
    return (
        f"Quorum of {quorum} not reached: {voted} of {quorum} needed voted, so the result"
        " does not stand."
    )


def _label(poll: Poll, option: int) -> str:
    return poll.options[option].label


def _tally_verdict(poll: Poll, outcome: Tally) -> Inline:
    if not outcome.winners:
        return "No votes were cast."
    if len(outcome.winners) > 1:
        return "Tie between " + " and ".join(_label(poll, w) for w in outcome.winners) + "."
    return b(f"Most votes: {_label(poll, outcome.winners[0])}.")


def _runoff_verdict(poll: Poll, outcome: RunOff) -> Inline:
    if outcome.winner is not None:
        return b(f"Winner: {_label(poll, outcome.winner)}.")
    if outcome.tied:
        names = " and ".join(_label(poll, o) for o in outcome.tied)
        return f"Tie between {names}: the count cannot separate them; the officers decide."
    return "No votes were cast."


def _round_blocks(poll: Poll, n: int, round_: Round, ballots: int) -> list[Block]:
    in_play = ballots - round_.exhausted
    lines: list[str] = [
        f"{_label(poll, o)}: {_votes(v)} ({_pct(v, in_play)})"
        for o, v in sorted(round_.counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    if round_.exhausted:
        lines.append(f"Exhausted ballots so far: {round_.exhausted}")
    blocks: list[Block] = [p(b(f"Round {n}")), bullets(*lines)]
    if round_.eliminated is not None:
        why = (
            f" (tie for fewest votes broken by the {round_.tie_break})" if round_.tie_break else ""
        )
        moves = [f"{_label(poll, o)} +{v}" for o, v in round_.transfers.items()]
        if round_.newly_exhausted:
            moves.append(f"{round_.newly_exhausted} exhausted")
        moved = "Transfers: " + ", ".join(moves) if moves else "No votes to transfer"
        blocks.append(p(f"Eliminated: {_label(poll, round_.eliminated)}{why}. {moved}."))
    return blocks


def results_message(poll: Poll, outcome: Tally | RunOff, zone: ZoneInfo) -> OutgoingMessage:
    blocks = results_blocks(poll, outcome, heading=f"Poll #{poll.id} results")
    if poll.closed_at is not None:
        blocks.append(p(i(f"Closed {when(poll.closed_at, zone)}. {secrecy(poll)}")))
    return OutgoingMessage(blocks=tuple(blocks))
