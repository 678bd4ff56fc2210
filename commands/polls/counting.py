"""Counting ballots: a pure module, no I/O.

A ballot is a tuple of option indexes: one for single choice, a set for several choices
(approval, up to the poll's maximum), an order of preference for ranked choice. An empty
ballot is an abstention: it counts in the turnout (`abstained`), for no option.

Ranked choice is counted by instant run-off. Each round every ballot counts for its
highest-ranked option still in the count; an option with more than half of the ballots
still in play wins. Otherwise the option with the fewest votes is eliminated and its
ballots move to their next preference; a ballot with no preference left is exhausted.

Tie-break rule (the option to eliminate when several share the fewest votes):
  1. look back through earlier rounds, most recent first, and eliminate the tied option
     that had fewer votes in the first round where the tied options differed;
  2. if they were level in every round, eliminate the option listed later on the poll.
When the only options left have exactly equal votes the result is a tie: the count
declares no winner, and the officers decide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Ballot = tuple[int, ...]

TIE_BREAK_EARLIER_ROUND = "earlier round"
TIE_BREAK_POLL_ORDER = "order on the poll"


@dataclass(frozen=True, slots=True)
class Tally:
    """Single or several choices: votes per option."""

    ballots: int
    counts: tuple[int, ...]
    winners: tuple[int, ...]
    """Every option with the most votes: more than one is a tie; none without votes."""
    abstained: int = 0


@dataclass(frozen=True, slots=True)
class Round:
    counts: dict[int, int]
    """Votes of each option still in the count."""
    exhausted: int
    """Ballots exhausted before this round (no preference left among the options in it)."""
    eliminated: int | None = None
    tie_break: str | None = None
    """How a tie for the fewest votes was broken, when there was one."""
    transfers: dict[int, int] = field(default_factory=dict)
    """Where the eliminated option's ballots went (option: votes)."""
    newly_exhausted: int = 0


@dataclass(frozen=True, slots=True)
class RunOff:
    ballots: int
    rounds: tuple[Round, ...]
    winner: int | None
    tied: tuple[int, ...] = ()
    """The options level at the end when there is no winner."""
    abstained: int = 0


def plurality(ballots: Iterable[Ballot], options: int) -> Tally:
    """Single choice: each ballot's first (only) choice."""
    cast = list(ballots)
    counted = [b for b in cast if b]
    counts = Counter(b[0] for b in counted if 0 <= b[0] < options)
    return _tally(len(counted), [counts[i] for i in range(options)], len(cast) - len(counted))


def approval(ballots: Iterable[Ballot], options: int, max_choices: int) -> Tally:
    """Several choices: each ballot counts once for each option it picks (up to the max)."""
    cast = list(ballots)
    counted = [b for b in cast if b]
    counts: Counter[int] = Counter()
    for ballot in counted:
        counts.update(set(_valid(ballot, options)[:max_choices]))
    return _tally(len(counted), [counts[i] for i in range(options)], len(cast) - len(counted))


def _tally(ballots: int, counts: list[int], abstained: int) -> Tally:
    top = max(counts, default=0)
    winners = tuple(i for i, c in enumerate(counts) if c == top) if top > 0 else ()
    return Tally(ballots, tuple(counts), winners, abstained)


def _valid(ballot: Ballot, options: int) -> list[int]:
    """The ballot's options in order, each once, ignoring any out of range."""
    return list(dict.fromkeys(o for o in ballot if 0 <= o < options))


def instant_runoff(ballots: Iterable[Ballot], options: int) -> RunOff:
    cast = list(ballots)
    abstained = sum(1 for b in cast if not b)
    papers = [_valid(b, options) for b in cast]
    papers = [p for p in papers if p]
    continuing = list(range(options))
    rounds: list[Round] = []
    history: list[dict[int, int]] = []
    exhausted = 0
    while True:
        counts = {o: 0 for o in continuing}
        for paper in papers:
            top = _top(paper, continuing)
            if top is not None:
                counts[top] += 1
        history.append(counts)
        active = len(papers) - exhausted
        leader = max(continuing, key=lambda o: counts[o])
        if active == 0:
            rounds.append(Round(counts, exhausted))
            return RunOff(len(papers), tuple(rounds), None, abstained=abstained)
        if counts[leader] * 2 > active or len(continuing) == 1:
            rounds.append(Round(counts, exhausted))
            return RunOff(len(papers), tuple(rounds), leader, abstained=abstained)
        if len(set(counts.values())) == 1 and len(continuing) == 2:
            rounds.append(Round(counts, exhausted))
            return RunOff(len(papers), tuple(rounds), None, tuple(continuing), abstained=abstained)
        loser, how = _to_eliminate(continuing, history)
        remaining = [o for o in continuing if o != loser]
        transfers: Counter[int] = Counter()
        newly = 0
        for paper in papers:
            if _top(paper, continuing) == loser:
                following = _top(paper, remaining)
                if following is None:
                    newly += 1
                else:
                    transfers[following] += 1
        rounds.append(Round(counts, exhausted, loser, how, dict(sorted(transfers.items())), newly))
        exhausted += newly
        continuing = remaining


def _top(paper: Sequence[int], continuing: Sequence[int]) -> int | None:
    return next((o for o in paper if o in continuing), None)


def _to_eliminate(continuing: list[int], history: list[dict[int, int]]) -> tuple[int, str | None]:
    now = history[-1]
    fewest = min(now[o] for o in continuing)
    tied = [o for o in continuing if now[o] == fewest]
    if len(tied) == 1:
        return tied[0], None
    for earlier in reversed(history[:-1]):
        low = min(earlier[o] for o in tied)
        lowest = [o for o in tied if earlier[o] == low]
        if len(lowest) < len(tied):
            tied = lowest
            if len(tied) == 1:
                return tied[0], TIE_BREAK_EARLIER_ROUND
    return max(tied), TIE_BREAK_POLL_ORDER
