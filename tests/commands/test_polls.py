"""Polls through the fake adapter: the /poll conversation, voting with buttons, changing a
vote, closing at the deadline with controlled time, results, and refusals."""

from __future__ import annotations

from adapters.fake import FakeAdapter
from bot.app import App
from bot.stores.polls import POLLS
from bot.stores.scheduling import SCHEDULE, JobState
from tests.commands.polls_support import (
    GROUP,
    OFFICER,
    answer,
    in_group,
    make_poll,
    private_to,
)
from tests.support import FrozenClock


async def test_create_vote_change_and_close_at_the_deadline(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    number = await make_poll(app, fake)
    [posted] = [s for s in in_group(fake) if s.text.startswith(f"Poll #{number}:")]
    assert posted.labels == ["1. Buses", "2. Housing", "3. NHS"]
    assert "Anonymous" in posted.text

    await fake.press("1. Buses", user="ann", group=GROUP)
    await fake.press("3. NHS", user="bob", group=GROUP)
    await fake.press("2. Housing", user="cat", group=GROUP)
    await fake.press("3. NHS", user="ann", group=GROUP)  # ann changes her mind
    confirmations = private_to(fake, "ann")
    assert "recorded: Buses" in confirmations[0].text
    assert "recorded: NHS" in confirmations[-1].text
    assert "change it until" in confirmations[-1].text
    assert not any("recorded" in s.text for s in in_group(fake))  # never in the group

    clock.advance(days=3, minutes=1)
    assert await app.services.scheduler.run_due() == 2  # the close, and the daily clean-up
    await app.services.outbox.deliver_pending()
    results = in_group(fake)[-1].text
    assert f"Poll #{number} results" in results
    assert "3 took part." in results
    assert "NHS: 2 votes (66.7%)" in results
    assert "Housing: 1 vote (33.3%)" in results
    assert "Buses: 0 votes (0.0%)" in results
    assert "Most votes: NHS." in results

    await fake.press("1. Buses", user="dan", group=GROUP)
    late = private_to(fake, "dan")[-1].text
    assert "closed" in late
    assert "not counted" in late
    async with app.storage.unit() as uow:
        assert await uow.get(POLLS).turnout(number) == 3


async def test_close_early_cancels_the_deadline_job(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    number = await make_poll(app, fake)
    await fake.press("2. Housing", user="ann", group=GROUP)
    await fake.command(f"/poll close {number}", user=OFFICER)
    assert f"Closed poll #{number}" in answer(fake, OFFICER).text
    await app.services.outbox.deliver_pending()
    assert "Most votes: Housing." in in_group(fake)[-1].text
    async with app.storage.unit() as uow:
        [job] = await uow.get(SCHEDULE).for_ref("poll_close", str(number))
    assert job.state is JobState.CANCELLED
    await fake.command(f"/poll close {number}", user=OFFICER)
    assert "already closed" in answer(fake, OFFICER).text
    await fake.command("/poll close 99", user=OFFICER)
    assert "no poll #99" in answer(fake, OFFICER).text


async def test_ranked_choice_ballot_built_by_pressing_in_order(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    await make_poll(app, fake, options=("A", "B", "C"), kind="ranked")
    # Three voters rank C, B; two rank A; two rank B, A. Round 1: A 2, B 2, C 3;
    # A and B tie for last with no earlier round, so B (later on the poll) goes,
    # its 2 ballots move to A: A 4, C 3 and A wins.
    ballots = {"u1": "31", "u2": "31", "u3": "32", "u4": "1", "u5": "1", "u6": "21", "u7": "21"}
    ballots["u3"] = "32"
    for user, order in ballots.items():
        for digit in order:
            label = {"1": "1. A", "2": "2. B", "3": "3. C"}[digit]
            await fake.press(label, user=user, group=GROUP)
        await fake.press("Submit ballot", user=user, group=GROUP)
    so_far = [s.text for s in private_to(fake, "u1")]
    assert any("your ranking so far: 1. C, 2. A" in t for t in so_far)
    assert "recorded: 1. C, 2. A" in so_far[-1]

    await fake.press("2. B", user="u8", group=GROUP)
    await fake.press("Clear", user="u8", group=GROUP)
    await fake.press("Submit ballot", user="u8", group=GROUP)
    assert "Choose at least one option" in private_to(fake, "u8")[-1].text

    clock.advance(days=4)
    await app.services.scheduler.run_due()
    await app.services.outbox.deliver_pending()
    results = in_group(fake)[-1].text
    assert "7 took part." in results
    assert "Round 1" in results
    assert "Round 2" in results
    assert "Eliminated: B (tie for fewest votes broken by the order on the poll)" in results
    assert "Transfers: A +2" in results
    assert "Winner: A." in results


async def test_several_choices_respect_the_maximum(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    number = await make_poll(app, fake, options=("A", "B", "C", "D"), kind="multiple", most=2)
    for label in ("1. A", "2. B", "3. C"):
        await fake.press(label, user="ann", group=GROUP)
    assert "at most 2" in private_to(fake, "ann")[-1].text
    await fake.press("1. A", user="ann", group=GROUP)  # a second press removes it
    await fake.press("3. C", user="ann", group=GROUP)
    await fake.press("Submit ballot", user="ann", group=GROUP)
    assert "recorded: B; C" in private_to(fake, "ann")[-1].text
    await fake.command(f"/poll close {number}", user=OFFICER)
    await app.services.outbox.deliver_pending()
    results = in_group(fake)[-1].text
    assert "B: 1 vote (100.0% of those who voted)" in results
    assert "Tie between B and C." in results


async def test_live_results_edit_the_poll_message(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    number = await make_poll(app, fake, live=True)
    await fake.press("1. Buses", user="ann", group=GROUP)
    edits = [s for s in fake.sent if s.edited]
    assert edits, "the poll message should have been edited"
    assert "Results so far" in edits[-1].text
    assert "Buses: 1 vote (100.0%)" in edits[-1].text
    assert edits[-1].chat.chat_id == GROUP
    await fake.command(f"/poll {number}", user=OFFICER)
    assert "1 member has voted so far" in answer(fake, OFFICER).text


async def test_poll_flow_refuses_bad_answers_and_keeps_going(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    await fake.command("/poll", user=OFFICER)
    await fake.say("Which?", user=OFFICER)
    await fake.say("Only one", user=OFFICER)
    assert "Please type 2 to 10 options" in answer(fake, OFFICER).text
    await fake.say("A\nB", user=OFFICER)
    await fake.press("single", user=OFFICER)
    await fake.press("anonymous", user=OFFICER)
    await fake.press("hidden", user=OFFICER)
    await fake.say("banana o'clock", user=OFFICER)
    assert 'could not read "banana o\'clock"' in answer(fake, OFFICER).text
    await fake.say("1 January 2020 10:00", user=OFFICER)
    assert "has passed" in answer(fake, OFFICER).text
    await fake.say("Friday 18:00", user=OFFICER)
    assert "where should the poll go" in answer(fake, OFFICER).text


async def test_members_cannot_create_polls_but_can_list_open_ones(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    await fake.command("/poll", user="ann")
    assert "officers only" in answer(fake, "ann").text
    await fake.command("/polls", user="ann")
    assert "No polls are open" in answer(fake, "ann").text
    number = await make_poll(app, fake)
    await fake.command("/polls", user="ann")
    listing = answer(fake, "ann")
    assert f"#{number} Which campaign first?" in listing.text
    await fake.press(f"vote:{number}:show", user="ann")
    ballot = answer(fake, "ann")
    assert ballot.labels[:3] == ["1. Buses", "2. Housing", "3. NHS"]
    await fake.press("2. Housing", user="ann")
    assert "recorded: Housing" in answer(fake, "ann").text


async def test_options_on_one_line_separated_by_semicolons(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    """The console and phone keyboards send one line: semicolons separate the options."""
    await fake.command("/poll", user=OFFICER)
    await fake.say("Which campaign first?", user=OFFICER)
    await fake.say(" Buses ;Housing;;  NHS  ; buses", user=OFFICER)
    assert "single" in [c.value for c in answer(fake, OFFICER).message.choices]
    await fake.command("/back", user=OFFICER)
    assert "Or keep the options so far: Buses; Housing; NHS." in answer(fake, OFFICER).text
    await fake.say("Rents; and bills\nTransport", user=OFFICER)  # lines: semicolons are text
    await fake.command("/back", user=OFFICER)
    assert "so far: Rents; and bills; Transport." in answer(fake, OFFICER).text
