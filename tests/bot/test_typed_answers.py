"""An answer typed where the bot showed buttons: outside a conversation it is read as the
press it names (a plain "yes" at a one-button prompt), or the member is told which button
to press; inside one, a plain "yes" takes a step's lone button. Never "I'm not waiting"."""

from __future__ import annotations

from adapters.fake import FakeAdapter
from bot.app import App
from bot.stores.core import MEMBERS
from bot.typed_choice import quoted_labels, typed_choice
from tests.commands.events_support import events_app, events_config, platforms, seed_event
from tests.support import FrozenClock


def test_typed_choice_reads_numbers_labels_and_a_lone_yes() -> None:
    lone = [("I agree to follow it", "conduct:agree")]
    pair = [("Yes, cancel it", "event-cancel:1"), ("No, keep it", "event-keep:1")]
    assert typed_choice("yes", lone, yes=True) == "conduct:agree"
    assert typed_choice("OK!", lone, yes=True) == "conduct:agree"
    assert typed_choice("yes", lone) is None  # only where a plain yes may take it
    assert typed_choice("yes", pair, yes=True) is None  # two buttons: say which
    assert typed_choice("2", pair) == "event-keep:1"
    assert typed_choice("no, keep it", pair) == "event-keep:1"
    assert typed_choice("yes", [("Post the poll", "post"), ("« Back", "@back")], yes=True) == (
        "post"
    )
    assert quoted_labels(pair) == "“Yes, cancel it” or “No, keep it”"


async def test_yes_typed_at_the_code_of_conduct_agrees(app: App, fake: FakeAdapter) -> None:
    await fake.command("/conduct", user="ann")
    assert fake.last().labels == ["I agree to follow it"]
    await fake.say("yes", user="ann")
    assert "your agreement to the code of conduct is recorded" in fake.last().text
    async with app.storage.unit() as uow:
        assert await uow.get(MEMBERS).conduct_acknowledged_at(fake.identity("ann")) is not None
    await fake.say("yes", user="ann")  # the buttons were answered: nothing is offered now
    assert "I'm not waiting for an answer" in fake.last().text


async def test_other_text_is_told_which_button_to_press(app: App, fake: FakeAdapter) -> None:
    await fake.command("/conduct", user="ann")
    await fake.say("what is this?", user="ann")
    said = fake.last().text
    assert "press “I agree to follow it” above" in said
    assert "not waiting" not in said
    await fake.say("I agree to follow it", user="ann")  # the offer still stands
    assert "recorded" in fake.last().text


async def test_event_cancel_offers_yes_and_no_and_reads_them_typed(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        event_id = await seed_event(app, capacity=10)
        await tg.command(f"/event cancel {event_id}", user="olive")
        assert tg.last().labels == ["Yes, cancel it", "No, keep it"]
        await tg.say("yes", user="olive")  # two buttons: a bare yes is not enough
        assert "press “Yes, cancel it” or “No, keep it” above" in tg.last().text
        await tg.say("no, keep it", user="olive")
        assert "is not cancelled: nothing changed" in tg.last().text


async def test_two_buttons_in_a_flow_are_named_not_guessed(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/announce", user="olive")
        await tg.say("Hello all.", user="olive")
        await tg.press("Everywhere", user="olive")
        await tg.press("Now", user="olive")
        assert tg.last().labels == ["Confirm", "Discard"]
        await tg.say("yes", user="olive")
        assert "Please choose one of: Confirm, Discard." in tg.last().text
        await tg.say("confirm", user="olive")
        assert "Posting announcement #1 now" in tg.last().text


async def test_a_button_in_a_flow_can_be_typed_by_its_name(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/poll", user="olive")
        await tg.say("Which campaign first?", user="olive")
        await tg.say("Buses\nHousing", user="olive")
        await tg.press("Single choice", user="olive")
        await tg.press("Anonymous (recommended)", user="olive")
        await tg.press("When it closes (recommended)", user="olive")
        await tg.say("Thursday 18:00", user="olive")
        await tg.press("Done", user="olive")
        # the last step offers more than one answer ("Offer Abstain", "Set a quorum"), so a
        # plain "yes" names none of them; the button's own name does
        assert tg.last().labels[0] == "Post the poll"
        await tg.say("yes", user="olive")
        assert "Poll #1 is posted to" not in tg.last().text
        await tg.say("Post the poll", user="olive")
        assert "Poll #1 is posted to" in tg.last().text
