"""A saved event announced in the announce chats, through the fake adapter: posted once
(not at all when the officer says so), its buttons answered privately, the post edited when
the time or place changes and marked when the event is cancelled."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.fake import FakeAdapter
from adapters.fake.adapter import Sent
from bot.stores.events import EVENTS
from bot.stores.scheduling import OUTBOX
from commands.events.posting import announce, post_key
from tests.commands.events_support import (
    add_event,
    events_app,
    events_config,
    platforms,
    texts_to,
)
from tests.support import FrozenClock


def posts_to(fake: FakeAdapter, chat_id: str) -> list[Sent]:
    return [
        s
        for s in fake.sent
        if s.chat.chat_id == chat_id and not s.to_user and not s.edited and "New event" in s.text
    ]


def edits_to(fake: FakeAdapter, chat_id: str) -> list[Sent]:
    return [s for s in fake.sent if s.chat.chat_id == chat_id and s.edited]


async def test_saving_announces_the_event_once_in_every_announce_chat(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        saved = await add_event(tg, capacity="30")
        assert "being announced in the announce chats" in saved
        await app.services.outbox.deliver_pending()
        for fake, chat in ((tg, "-100"), (tg, "-200"), (dc, "555")):
            [post] = posts_to(fake, chat)
            assert post.text.startswith("New event: #1 Housing policy discussion")
            assert "When: Tuesday 10 March 2026, 19:00 (GMT) to 20:30" in post.text
            assert "Where: Town Hall, Room 2 and online" in post.text
            assert "Speaker: Jo Bloggs MP" in post.text
            assert "Places: 30" in post.text
            assert post.labels == ["I'll come", "Add to my calendar"]
        async with app.storage.unit() as uow:
            rows = await uow.get(OUTBOX).for_post(post_key(1))
        assert all(row.message_id for row in rows)  # each platform message is recorded


async def test_save_without_announcing_posts_nothing(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await tg.command("/event add", user="olive")
        for answer in ("Quiet meeting", "Training", "next Tuesday 7pm", "Yes", "60"):
            await (tg.press if answer in ("Training", "Yes") else tg.say)(answer, user="olive")
        await tg.press("One-off", user="olive")
        await tg.say("Town Hall", user="olive")
        await tg.press("No speaker", user="olive")
        await tg.press("Skip", user="olive")
        await tg.press("No limit", user="olive")
        review = tg.last()
        assert review.labels[:2] == ["Save", "Save without announcing"]
        assert "Save also announces it in the announce chats" in review.text
        await tg.press("Save without announcing", user="olive")
        assert "It was not announced; /event edit 1 can announce it later." in tg.last().text
        await app.services.outbox.deliver_pending()
        assert posts_to(tg, "-100") == posts_to(dc, "555") == []

        # announced later from /event edit
        await tg.command("/event edit 1", user="olive")
        await tg.press("Nothing", user="olive")
        assert tg.last().labels[:2] == ["Save the changes", "Save and announce"]
        await tg.press("Save and announce", user="olive")
        await app.services.outbox.deliver_pending()
        assert len(posts_to(tg, "-100")) == len(posts_to(dc, "555")) == 1


async def test_a_double_tap_on_save_posts_once(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg)
        await tg.press("save", user="olive")  # the second tap of a double tap
        assert "not waiting for an answer" in tg.last().text
        await app.services.outbox.deliver_pending()
        assert len(posts_to(tg, "-100")) == len(posts_to(dc, "555")) == 1
        async with app.storage.unit() as uow:
            assert [e.id for e in await uow.get(EVENTS).active(clock.now)] == [1]
            event = await uow.get(EVENTS).get(1)
            assert event is not None
            assert await announce(app.services, uow, event) == 0  # asked again: no new post


async def test_pressing_ill_come_on_the_post_answers_privately(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg)
        await app.services.outbox.deliver_pending()
        tg.pop_all()
        await tg.press("I'll come", user="ann", group="-100")
        [answer] = tg.pop_all()
        assert answer.chat.is_private  # never the group
        assert answer.chat.chat_id == "ann"
        assert "Thanks Ann, you are coming to #1 Housing policy discussion" in answer.text
        assert "Add access needs" in answer.labels
        await tg.press("Add access needs", user="ann")
        assert "Only officers see this" in tg.last().text

        await tg.press("Add to my calendar", user="ann", group="-100")
        file = tg.last()
        assert file.chat.chat_id == "ann"
        assert file.message.attachment is not None
        assert file.message.attachment.filename == "event-1.ics"

        await dc.press("post-rsvp:1", user="bob", group="555")
        assert dc.last().chat.chat_id == "bob"
        assert "Thanks Bob, you are coming" in dc.last().text


async def test_ill_come_on_a_repeating_event_is_for_its_next_date(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg, title="Reading group", repeat="Weekly", repeat_end="4 times")
        clock.now = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)  # after the first date
        await app.services.outbox.deliver_pending()
        await tg.press("I'll come", user="ann", group="-100")
        answer = tg.last()
        assert "you are coming to #1 Reading group, Tuesday 17 March 2026, 19:00" in answer.text
        assert "Every time" in answer.labels


async def test_changing_the_time_or_place_edits_the_post_and_tells_those_who_replied(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg)
        await app.services.outbox.deliver_pending()
        await tg.press("I'll come", user="ann", group="-100")
        [first] = posts_to(tg, "-100")

        await tg.command("/event edit 1", user="olive")
        await tg.press("Time", user="olive")
        await tg.say("next Wednesday 18:00", user="olive")
        await tg.press("Yes", user="olive")
        assert tg.last().labels[0] == "Save the changes"
        await tg.press("Save the changes", user="olive")
        assert "Its announcement is updated too." in tg.last().text
        [edit] = edits_to(tg, "-100")
        assert edit.ref == first.ref  # the same message, edited
        assert "When: Wednesday 11 March 2026, 18:00 (GMT)" in edit.text
        assert edit.labels == ["I'll come", "Add to my calendar"]
        assert len(edits_to(dc, "555")) == 1

        clock.advance(minutes=5)
        await tg.command("/event edit 1", user="olive")
        await tg.press("Place or link", user="olive")
        await tg.say("Library, Room 1", user="olive")
        await tg.press("Save the changes", user="olive")
        assert "Where: Library, Room 1" in edits_to(tg, "-100")[-1].text

        await app.services.outbox.deliver_pending()
        told = texts_to(tg, "ann")
        assert [t for t in told if t.startswith("Change to #1")][-1].endswith("Library, Room 1")
        assert len(posts_to(tg, "-100")) == 1  # edited, never posted again


async def test_an_edit_before_the_post_went_out_sends_the_new_version(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        outbox = app.services.outbox
        await outbox.stop()  # its idle pass must not deliver the post before the edit...
        outbox._stopping.clear()  # ...while this test's own pass still may
        await add_event(tg)
        await tg.command("/event edit 1", user="olive")
        await tg.press("Place or link", user="olive")
        await tg.say("Library, Room 1", user="olive")
        await tg.press("Save the changes", user="olive")
        assert posts_to(tg, "-100") == []
        await outbox.deliver_pending()
        [post] = posts_to(tg, "-100")
        assert "Where: Library, Room 1" in post.text
        assert edits_to(tg, "-100") == []


async def test_cancelling_marks_the_post_cancelled_without_buttons(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg)
        await app.services.outbox.deliver_pending()
        await tg.command("/event cancel 1", user="olive")
        await tg.press("Yes, cancel it", user="olive")
        for fake, chat in ((tg, "-100"), (tg, "-200"), (dc, "555")):
            [edit] = edits_to(fake, chat)
            assert edit.text.startswith("Cancelled: #1 Housing policy discussion")
            assert "It was to be Tuesday 10 March 2026, 19:00 (GMT)" in edit.text
            assert edit.labels == []
        await tg.press("post-rsvp:1", user="ann", group="-100")  # an old button
        answer = tg.last()
        assert answer.chat.chat_id == "ann"
        assert "#1 Housing policy discussion has been cancelled." in answer.text


async def test_a_member_the_bot_cannot_message_gets_the_press_answered_privately(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    tg.unreachable.add("cat")  # never opened a private chat with the bot
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await add_event(tg)
        await app.services.outbox.deliver_pending()
        tg.pop_all()
        await tg.press("I'll come", user="cat", group="-100")
        [answer] = tg.pop_all()
        assert answer.alert  # the press's own answer, seen by Cat alone
        assert "Thanks Cat, you are coming" in answer.text


async def test_a_long_description_is_cut_in_the_post(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await tg.command("/event add", user="olive")
        for answer in ("Long one", "Training", "next Tuesday 7pm", "Yes", "60"):
            await (tg.press if answer in ("Training", "Yes") else tg.say)(answer, user="olive")
        await tg.press("One-off", user="olive")
        await tg.say("Town Hall", user="olive")
        await tg.press("No speaker", user="olive")
        await tg.say("word " * 700, user="olive")
        await tg.press("No limit", user="olive")
        await tg.press("Save", user="olive")
        await app.services.outbox.deliver_pending()
        [post] = posts_to(dc, "555")
        assert "… (the rest: /events 1)" in post.text
        assert len(post.text) < 2000
