"""From ballots to the results kept with a closed poll (JSON) and back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.stores.polls import Poll, PollKind
from commands.polls.counting import (
    Ballot,
    Round,
    RunOff,
    Tally,
    approval,
    instant_runoff,
    plurality,
)


def count(poll: Poll, ballots: Sequence[Ballot]) -> Tally | RunOff:
    options = len(poll.options)
    if poll.kind is PollKind.RANKED:
        return instant_runoff(ballots, options)
    if poll.kind is PollKind.MULTIPLE:
        return approval(ballots, options, poll.max_choices)
    return plurality(ballots, options)


def to_json(outcome: Tally | RunOff) -> dict[str, Any]:
    if isinstance(outcome, Tally):
        return {
            "ballots": outcome.ballots,
            "counts": list(outcome.counts),
            "winners": list(outcome.winners),
            "abstained": outcome.abstained,
        }
    return {
        "ballots": outcome.ballots,
        "winner": outcome.winner,
        "tied": list(outcome.tied),
        "abstained": outcome.abstained,
        "rounds": [
            {
                "counts": [[o, v] for o, v in r.counts.items()],
                "exhausted": r.exhausted,
                "eliminated": r.eliminated,
                "tie_break": r.tie_break,
                "transfers": [[o, v] for o, v in r.transfers.items()],
                "newly_exhausted": r.newly_exhausted,
            }
            for r in outcome.rounds
        ],
    }


def from_json(data: dict[str, Any]) -> Tally | RunOff:
    if "rounds" not in data:
        return Tally(
            int(data["ballots"]),
            tuple(data["counts"]),
            tuple(data["winners"]),
            int(data.get("abstained", 0)),
        )
    rounds = tuple(
        Round(
            counts={int(o): int(v) for o, v in r["counts"]},
            exhausted=int(r["exhausted"]),
            eliminated=r["eliminated"],
            tie_break=r["tie_break"],
            transfers={int(o): int(v) for o, v in r["transfers"]},
            newly_exhausted=int(r["newly_exhausted"]),
        )
        for r in data["rounds"]
    )
    return RunOff(
        int(data["ballots"]),
        rounds,
        data["winner"],
        tuple(data["tied"]),
        int(data.get("abstained", 0)),
    )
