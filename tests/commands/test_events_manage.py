"""/event add, edit, cancel and /events, through the fake adapter."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.config import Config
from bot.stores.events import EVENTS
from bot.stores.scheduling import SCHEDULE, JobState
from tests.commands.events_support import (
    add_event,
    events_app,
    events_config,
    platforms,
    texts_to,
)
from tests.support import FrozenClock


async def test_event_add_reads_natural_dates_confirms_and_saves_in_utc(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await tg.command("/event add", user="olive")
        assert "What is the event called" in tg.pop().text
        await tg.say("Housing policy discussion", user="olive")
        assert "Guest speaker" in tg.pop().labels
        await tg.press("Policy discussion", user="olive")
        tg.pop()
        await tg.say("next Tuesday 7pm", user="olive")  # clock: Monday 2 March 2026
        confirm = tg.pop()
        assert confirm.text == "Tuesday 10 March 2026, 19:00 (GMT) — is that right?"
        assert confirm.labels == ["Yes", "No, type it again"]
        await tg.press("No, type it again", user="olive")
        assert "When does it start" in tg.pop().text
        await tg.say("31 March 18:30", user="olive")  # after the clocks go forward
        assert tg.pop().text.startswith("Tuesday 31 March 2026, 18:30 (BST)")
        await tg.press("Yes", user="olive")
        tg.pop_all()
        for answer in ("2 hours",):
            await tg.say(answer, user="olive")
        await tg.press("One-off", user="olive")
        await tg.say("Town Hall https://meet.example.org/x", user="olive")
        await tg.press("No speaker", user="olive")
        await tg.press("Skip", user="olive")
        await tg.say("30", user="olive")
        review = tg.last()
        assert "Please check" in review.text
        assert "Town Hall" in review.text
        await tg.press("Save", user="olive")
        assert "Saved #1 Housing policy discussion" in tg.last().text
        async with app.storage.unit() as uow:
            event = await uow.get(EVENTS).get(1)
        assert event is not None
        assert event.starts_at == datetime(2026, 3, 31, 17, 30, tzinfo=UTC)
        assert event.capacity == 30
        assert event.online_url == "https://meet.example.org/x"


async def test_bad_dates_and_past_dates_are_refused_with_examples(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/event add", user="olive")
        await tg.say("Quiz", user="olive")
        await tg.press("Other", user="olive")
        tg.pop_all()
        await tg.say("whenever suits", user="olive")
        assert "could not read 'whenever suits'" in tg.pop().text
        await tg.say("1 January 2020 10:00", user="olive")
        assert "is in the past" in tg.pop().text


async def test_members_cannot_add_events(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/event add", user="ann")
        assert "for officers only" in tg.pop().text


async def test_events_lists_in_local_time_with_place_speaker_type_and_details(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await add_event(tg)
        await add_event(tg, title="Canvassing training", when="14 March 10:00")
        tg.pop_all()
        await dc.command("/events", user="bob")
        listing = dc.pop_replies("bob")[-1]
        assert listing.text.index("Housing policy") < listing.text.index("Canvassing")
        assert "#1 Housing policy discussion — Tue 10 Mar 19:00, Town Hall, Room 2" in listing.text
        assert "with Jo Bloggs MP" in listing.text
        assert "I'll come: #1" in listing.labels
        await dc.command("/events 1", user="bob")
        details = dc.pop_replies("bob")[-1].text
        assert "When: Tuesday 10 March 2026, 19:00 (GMT) to 20:30" in details
        assert "https://meet.example.org/abc" in details
        await dc.command("/events 99", user="bob")
        assert "There is no event #99" in dc.pop_replies("bob")[-1].text
        await dc.command("/events soon", user="bob")
        assert "/events all" in dc.pop_replies("bob")[-1].text


async def test_event_list_limit_and_all(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url, list_limit=1), tg, dc, clock):
        await add_event(tg, title="First")
        await add_event(tg, title="Second", when="20 March 19:00")
        await tg.command("/events", user="ann")
        shown = tg.last().text
        assert "First" in shown
        assert "Second" not in shown
        assert "1 more: /events all" in shown
        await tg.command("/events all", user="ann")
        assert "Second" in tg.last().text


async def test_edit_time_reschedules_reminders_and_tells_attendees(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg)
        await tg.command("/rsvp 1", user="ann")
        await tg.command("/event edit 1", user="olive")
        await tg.press("Time", user="olive")
        await tg.say("next Wednesday 18:00", user="olive")
        assert "Wednesday 11 March 2026, 18:00 (GMT)" in tg.last().text
        await tg.press("Yes", user="olive")
        assert "Please check" in tg.last().text
        await tg.press("Save the changes", user="olive")
        assert "Updated #1" in tg.last().text
        async with app.storage.unit() as uow:
            jobs = await uow.get(SCHEDULE).pending()
        due = sorted(j.due_at for j in jobs if j.kind == "event-reminder")
        assert due == [
            datetime(2026, 3, 10, 18, 0, tzinfo=UTC),
            datetime(2026, 3, 11, 17, 0, tzinfo=UTC),
        ]
        await app.services.outbox.deliver_pending()
        [change] = texts_to(tg, "ann")
        assert "Change to #1" in change
        assert "Wednesday 11 March 2026, 18:00" in change


async def test_cancel_tells_everyone_who_replied_and_stops_reminders(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg, capacity="1")
        await tg.command("/rsvp 1", user="ann")
        await dc.command("/rsvp 1", user="bob")  # waiting list
        await tg.command("/event cancel 1", user="olive")
        assert tg.last().labels == ["Yes, cancel it", "No, keep it"]
        await tg.press("No, keep it", user="olive")
        assert "#1 Housing policy discussion is not cancelled: nothing changed." in tg.last().text
        await tg.command("/event cancel 1", user="olive")
        await tg.press("event-cancel:1", user="ann")  # a member pressing it
        assert "officers only" in tg.last().text
        await tg.press("Yes, cancel it", user="olive")
        assert "2 people are being told" in tg.last().text
        await app.services.outbox.deliver_pending()
        assert "Cancelled: #1 Housing policy discussion" in texts_to(tg, "ann")[0]
        assert "Cancelled: #1" in texts_to(dc, "bob")[0]
        async with app.storage.unit() as uow:
            jobs = await uow.get(SCHEDULE).for_ref("event-reminder", "1:24")
        assert [j.state for j in jobs] == [JobState.CANCELLED]
        await tg.command("/events", user="ann")
        assert "Nothing is planned" in tg.last().text


async def test_repeating_event_shows_its_next_occurrence(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    config: Config = events_config(sqlite_url)
    async with events_app(config, tg, dc, clock):
        await add_event(tg, title="Reading group", repeat="Weekly", repeat_end="4 times")
        clock.now = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
        await tg.command("/events 1", user="ann")
        details = tg.last().text
        assert "Tuesday 24 March 2026, 19:00 (GMT)" in details
        assert "Repeats: weekly on Tuesdays, 4 times" in details
        clock.now = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)
        await tg.command("/events 1", user="ann")
        assert "Tuesday 31 March 2026, 19:00 (BST)" in tg.last().text  # the 4th and last
        clock.now = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
        await tg.command("/events 1", user="ann")
        assert "This event has finished" in tg.last().text
