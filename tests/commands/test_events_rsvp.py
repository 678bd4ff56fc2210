"""RSVP: buttons and /rsvp, capacity and the waiting list, access needs for officers only."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.model import CommandEvent
from bot.stores.events import EVENTS, RsvpStatus
from tests.commands.events_support import (
    add_event,
    events_app,
    events_config,
    platforms,
    texts_to,
)
from tests.support import FrozenClock


async def test_button_and_command_rsvp_fill_places_then_the_waiting_list(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg, capacity="2")
        await tg.command("/events", user="ann")
        await tg.press("I'll come: #1", user="ann")
        assert "Thanks Ann, you are coming to #1" in tg.last().text
        await dc.command("/rsvp 1", user="bob")
        assert "you are coming" in dc.last().text
        await dc.command("/rsvp 1", user="cat")
        assert "is full, so you are number 1 on the waiting list" in dc.last().text
        await tg.command("/rsvp 1", user="dan")
        assert "number 2 on the waiting list" in tg.last().text
        await tg.command("/rsvp 1", user="ann")
        assert "already down as coming" in tg.last().text
        await tg.command("/events 1", user="eve")
        assert "2 of 2 places taken: full" in tg.last().text
        assert "2 waiting" in tg.last().text

        await tg.press("Cancel my reply", user="ann")
        assert "no longer down for #1" in tg.last().text
        await app.services.outbox.deliver_pending()
        [moved_up] = texts_to(dc, "cat")
        assert "a place freed up at #1" in moved_up
        assert texts_to(tg, "dan") == []
        async with app.storage.unit() as uow:
            rsvps = await uow.get(EVENTS).rsvps(1)
        assert [(r.member.user_id, r.status) for r in rsvps] == [
            ("bob", RsvpStatus.GOING),
            ("cat", RsvpStatus.GOING),
            ("dan", RsvpStatus.WAITING),
        ]
        await tg.command("/rsvp 1 cancel", user="ann")
        assert "nothing to cancel" in tg.last().text


async def test_raising_the_capacity_moves_the_waiting_list_up(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg, capacity="1")
        await tg.command("/rsvp 1", user="ann")
        await tg.command("/rsvp 1", user="dan")
        await tg.command("/event edit 1", user="olive")
        await tg.press("Capacity", user="olive")
        await tg.say("5", user="olive")
        await tg.press("Save the changes", user="olive")
        await app.services.outbox.deliver_pending()
        assert "a place freed up" in texts_to(tg, "dan")[0]


async def test_access_needs_are_private_and_shown_to_officers_only(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await add_event(tg)
        await tg.command("/rsvp 1", user="ann", group="-100")
        await tg.press("Add access needs", user="ann", group="-100")
        assert "done in private" in tg.last().text  # not in the group
        await tg.command("/rsvp 1", user="ann")
        await tg.press("Add access needs", user="ann")
        assert "Only officers see this" in tg.last().text
        await tg.say("Step-free access please", user="ann")
        assert "The officers will see your access needs" in tg.last().text

        await tg.command("/events 1", user="bob")
        assert "Step-free" not in tg.last().text
        await tg.command("/event attendees 1", user="bob")
        assert "for officers only" in tg.last().text
        tg.pop_all()
        await tg.command("/event attendees 1", user="olive", group="-100")
        sent = tg.pop_all()
        assert not [s for s in sent if not s.chat.is_private and "Step-free" in s.text]
        assert "sent /event attendees to you privately" in sent[1].text  # the group's note
        assert "Step-free access please" in sent[-1].text  # to the officer, privately
        await tg.command("/event attendees 1", user="olive")
        listing = tg.last().text
        assert "Ann (telegram) — access needs: Step-free access please" in listing


async def test_rsvp_to_unknown_cancelled_or_finished_events(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/rsvp", user="ann")
        assert "Give its number" in tg.last().text
        await tg.command("/rsvp 7", user="ann")
        assert "There is no event #7" in tg.last().text
        await add_event(tg)
        clock.advance(days=30)
        await tg.command("/rsvp 1", user="ann")
        assert "has already finished" in tg.last().text


async def test_event_numbers_autocomplete(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg, title="Housing policy discussion")
        asking = CommandEvent(sender=tg.identity("ann"), chat=tg.chat("ann"), name="rsvp")
        [choice] = await app.dispatcher.suggest(asking, tg, "events", "housing")
        assert choice.value == "1"
        assert choice.label.startswith("#1 Housing policy discussion")
        assert await app.dispatcher.suggest(asking, tg, "events", "nothing like it") == []


async def test_a_reply_to_a_repeating_event_is_for_its_next_date_unless_every_time(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg, title="Reading group", repeat="Weekly", repeat_end="4 times")
        await tg.command("/events 1", user="ann")
        assert tg.last().labels == ["I'll come", "Every time", "Maybe", "Add to my calendar"]
        await tg.press("I'll come", user="ann")
        answer = tg.last()
        assert "you are coming to #1 Reading group, Tuesday 10 March 2026, 19:00" in answer.text
        assert "Every time" in answer.labels
        await tg.press("maybe:1", user="bob")
        assert "maybe for #1 Reading group (Tuesday 10 March 2026" in tg.last().text
        await tg.command("/rsvp 1 every", user="cat")
        assert "you are coming to #1 Reading group, every date" in tg.last().text
        await tg.command("/events 1", user="ann")
        details = tg.last().text
        assert "2 coming." in details
        assert "1 maybe." in details
        assert "You are coming on the next date." in details
        await tg.command("/event attendees 1", user="olive")
        attendees = tg.last().text
        assert "Maybe (1)" in attendees
        assert "Bob" in attendees.split("Maybe (1)")[1]
        clock.now = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)  # the first date has passed
        await tg.command("/events 1", user="ann")
        assert "1 coming." in tg.last().text  # only cat, who comes every time
        await tg.press("Every time", user="ann")
        assert "every date" in tg.last().text
        async with app.storage.unit() as uow:
            replies = await uow.get(EVENTS).rsvps(1)
        assert {(r.member.user_id, r.occurrence, r.status) for r in replies} == {
            ("ann", None, RsvpStatus.GOING),
            ("cat", None, RsvpStatus.GOING),
            ("bob", datetime(2026, 3, 10, 19, 0, tzinfo=UTC), RsvpStatus.MAYBE),
        }
        await tg.press("Cancel my reply", user="ann")
        assert "no longer down for #1 Reading group for every date" in tg.last().text
