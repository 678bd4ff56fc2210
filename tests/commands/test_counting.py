"""Counting: plurality, approval with a maximum, instant run-off with every round.

Each example says where it comes from and what the known result is.
"""

from __future__ import annotations

from commands.polls.counting import (
    TIE_BREAK_EARLIER_ROUND,
    TIE_BREAK_POLL_ORDER,
    Ballot,
    approval,
    instant_runoff,
    plurality,
)

MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE = range(4)


def tennessee() -> list[Ballot]:
    """Wikipedia, "Instant-runoff voting", the Tennessee capital example: 100 voters in
    the proportions of the article (42% Memphis, 26% Nashville, 15% Chattanooga, 17%
    Knoxville), each ranking by distance from their city. Known result: Knoxville wins,
    58 to 42, after Chattanooga and then Nashville are eliminated."""
    groups: list[tuple[int, Ballot]] = [
        (42, (MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE)),
        (26, (NASHVILLE, CHATTANOOGA, KNOXVILLE, MEMPHIS)),
        (15, (CHATTANOOGA, KNOXVILLE, NASHVILLE, MEMPHIS)),
        (17, (KNOXVILLE, CHATTANOOGA, NASHVILLE, MEMPHIS)),
    ]
    return [ballot for voters, ballot in groups for _ in range(voters)]


def test_tennessee_capital_knoxville_wins_in_three_rounds() -> None:
    result = instant_runoff(tennessee(), 4)
    assert result.winner == KNOXVILLE
    first, second, third = result.rounds
    assert first.counts == {MEMPHIS: 42, NASHVILLE: 26, CHATTANOOGA: 15, KNOXVILLE: 17}
    assert first.eliminated == CHATTANOOGA
    assert first.transfers == {KNOXVILLE: 15}
    assert second.counts == {MEMPHIS: 42, NASHVILLE: 26, KNOXVILLE: 32}
    assert second.eliminated == NASHVILLE
    assert second.transfers == {KNOXVILLE: 26}
    assert third.counts == {MEMPHIS: 42, KNOXVILLE: 58}
    assert third.eliminated is None


def test_tennessee_by_plurality_memphis_wins() -> None:
    """The same article: under first-past-the-post Memphis wins with 42%."""
    tally = plurality([b[:1] for b in tennessee()], 4)
    assert tally.counts == (42, 26, 15, 17)
    assert tally.winners == (MEMPHIS,)


def test_exhausted_ballots_leave_the_count_and_the_majority_is_of_ballots_in_play() -> None:
    """Hand-worked. Options A=0, B=1, C=2; 9 ballots:
    4 x (A), 3 x (B), 2 x (C) where the C voters rank nobody else.
    Round 1: A 4, B 3, C 2 of 9: no majority (needs 5). C is eliminated; its 2 ballots
    have no further preference and are exhausted. Round 2: A 4, B 3 of the 7 ballots
    still in play: A has more than half (3.5) and wins without a majority of all 9."""
    ballots = [(0,)] * 4 + [(1,)] * 3 + [(2,)] * 2
    result = instant_runoff(ballots, 3)
    first, second = result.rounds
    assert first.eliminated == 2
    assert first.transfers == {}
    assert first.newly_exhausted == 2
    assert second.exhausted == 2
    assert second.counts == {0: 4, 1: 3}
    assert result.winner == 0


def test_partly_exhausted_transfer() -> None:
    """Hand-worked. A=0, B=1, C=2, D=3; 10 ballots:
    4 x (A, B), 3 x (B, A), 2 x (C, B), 1 x (D).
    Round 1: A 4, B 3, C 2, D 1: D eliminated, its ballot is exhausted.
    Round 2: A 4, B 3, C 2 of 9 in play: C eliminated, 2 move to B.
    Round 3: A 4, B 5 of 9: B wins."""
    ballots = [(0, 1)] * 4 + [(1, 0)] * 3 + [(2, 1)] * 2 + [(3,)]
    result = instant_runoff(ballots, 4)
    assert [r.eliminated for r in result.rounds] == [3, 2, None]
    assert result.rounds[0].newly_exhausted == 1
    assert result.rounds[1].transfers == {1: 2}
    assert result.rounds[2].counts == {0: 4, 1: 5}
    assert result.winner == 1


def test_two_options_left_level_is_a_tie() -> None:
    """Hand-worked, the final-tie rule. A=0, B=1, C=2, D=3; 13 ballots:
    5 x (A), 3 x (B), 3 x (C, B), 2 x (D, C).
    Round 1: A 5, B 3, C 3, D 2: D eliminated, its 2 go to C.
    Round 2: A 5, B 3, C 5: B is last alone and eliminated; its 3 ballots rank nobody
    else and are exhausted. Round 3: A 5, C 5 of the 10 in play: the two options left
    are level, so the count declares a tie and no winner."""
    ballots = [(0,)] * 5 + [(1,)] * 3 + [(2, 1)] * 3 + [(3, 2)] * 2
    result = instant_runoff(ballots, 4)
    assert result.rounds[0].transfers == {2: 2}
    assert result.rounds[1].counts == {0: 5, 1: 3, 2: 5}
    assert result.rounds[1].eliminated == 1
    assert result.rounds[1].newly_exhausted == 3
    assert result.winner is None
    assert result.tied == (0, 2)


def test_backward_tie_break_eliminates_the_one_behind_in_an_earlier_round() -> None:
    """Hand-worked, tie-break rule 1. A=0, B=1, C=2, D=3; 12 ballots:
    5 x (A), 2 x (B), 3 x (C), 1 x (D, B), 1 x (D, A)... gives round 1
    A 5, B 2, C 3, D 2: B and D tie for last and were never counted apart before, so
    rule 2 (poll order) eliminates D, the later one. Its ballots: 1 to B, 1 to A.
    Round 2: A 6, B 3, C 3 of 12: A has exactly half, no majority. B and C tie for
    last; in round 1 B had 2 and C had 3, so B (behind in the earlier round) goes.
    Round 3: A 6, C 3 (B's 3 ballots rank nobody else: exhausted) of 9: A wins."""
    ballots = [(0,)] * 5 + [(1,)] * 2 + [(2,)] * 3 + [(3, 1), (3, 0)]
    result = instant_runoff(ballots, 4)
    first, second, third = result.rounds
    assert first.counts == {0: 5, 1: 2, 2: 3, 3: 2}
    assert (first.eliminated, first.tie_break) == (3, TIE_BREAK_POLL_ORDER)
    assert first.transfers == {0: 1, 1: 1}
    assert second.counts == {0: 6, 1: 3, 2: 3}
    assert (second.eliminated, second.tie_break) == (1, TIE_BREAK_EARLIER_ROUND)
    assert second.newly_exhausted == 3
    assert third.counts == {0: 6, 2: 3}
    assert result.winner == 0


def test_every_ballot_exhausted_means_no_winner() -> None:
    result = instant_runoff([], 3)
    assert result.winner is None
    assert result.rounds[0].counts == {0: 0, 1: 0, 2: 0}


def test_a_ballot_counts_each_option_once_and_ignores_unknown_options() -> None:
    result = instant_runoff([(1, 1, 7, 0), (0,), (1,)], 2)
    assert result.rounds[0].counts == {0: 1, 1: 2}
    assert result.winner == 1


def test_approval_counts_each_option_once_up_to_the_maximum() -> None:
    """Hand-worked: 4 voters, at most 2 choices; a third choice beyond the max is ignored."""
    tally = approval([(0, 1), (1, 2), (1,), (0, 2, 1)], 3, max_choices=2)
    assert tally.ballots == 4
    assert tally.counts == (2, 3, 2)
    assert tally.winners == (1,)


def test_plurality_tie_and_no_votes() -> None:
    assert plurality([(0,), (1,)], 3).winners == (0, 1)
    assert plurality([], 3).winners == ()
