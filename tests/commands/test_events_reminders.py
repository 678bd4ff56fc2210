"""Reminders with controlled time: the right instants across the clock change, to the
announce chats and to everyone coming, once each; repeating events; restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.fake import FakeAdapter
from bot.app import App
from bot.stores.scheduling import SCHEDULE
from tests.commands.events_support import (
    add_event,
    events_app,
    events_config,
    platforms,
    texts_to,
)
from tests.support import FrozenClock


def reminders_to(fake: FakeAdapter, chat_id: str) -> list[str]:
    """Reminders only: the weekly digest goes to the announce chats too."""
    return [t for t in texts_to(fake, chat_id) if t.startswith("Reminder")]


async def reminder_times(app: App) -> list[datetime]:
    async with app.storage.unit() as uow:
        jobs = await uow.get(SCHEDULE).pending()
    return sorted(j.due_at for j in jobs if j.kind == "event-reminder")


async def test_reminders_fire_at_the_right_instants_across_the_clock_change(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        # Sunday 29 March 2026: the clocks go forward at 01:00 GMT. 19:00 BST is 18:00 UTC.
        await add_event(tg, when="29 March 19:00")
        await tg.command("/rsvp 1", user="ann")
        await dc.command("/rsvp 1", user="bob")
        day_before = datetime(2026, 3, 28, 18, 0, tzinfo=UTC)  # 24 real hours: 18:00 GMT
        hour_before = datetime(2026, 3, 29, 17, 0, tzinfo=UTC)  # 18:00 BST
        assert await reminder_times(app) == [day_before, hour_before]

        clock.now = day_before - timedelta(minutes=1)
        await app.services.scheduler.run_due()  # a minute early: nothing
        await app.services.outbox.deliver_pending()
        assert reminders_to(tg, "ann") == []
        assert await reminder_times(app) == [day_before, hour_before]
        clock.now = day_before
        await app.services.scheduler.run_due()
        await app.services.scheduler.run_due()
        await app.services.outbox.deliver_pending()
        for fake, chat in ((tg, "-100"), (tg, "-200"), (dc, "555"), (tg, "ann"), (dc, "bob")):
            [text] = reminders_to(fake, chat)
            assert "Reminder: Housing policy discussion starts tomorrow" in text
            assert "Sunday 29 March 2026, 19:00 (BST)" in text

        clock.now = hour_before
        await app.services.scheduler.run_due()
        await app.services.outbox.deliver_pending()
        assert "starts in 1 hour" in reminders_to(tg, "-100")[1]
        assert len(reminders_to(dc, "bob")) == 2
        assert await reminder_times(app) == []


async def test_configured_offsets_are_used(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url, reminder_hours=[48]), tg, dc, clock) as app:
        await add_event(tg, when="14 March 18:30")
        assert await reminder_times(app) == [datetime(2026, 3, 12, 18, 30, tzinfo=UTC)]


async def test_a_weekly_event_gets_each_occurrences_reminder_in_local_time(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    config = events_config(sqlite_url, reminder_hours=[1])
    async with events_app(config, tg, dc, clock) as app:
        await add_event(
            tg, title="Reading group", when="24 March 19:00", repeat="Weekly", repeat_end="3 times"
        )
        expected = [
            datetime(2026, 3, 24, 18, 0, tzinfo=UTC),  # 19:00 GMT, an hour before is 18:00
            datetime(2026, 3, 31, 17, 0, tzinfo=UTC),  # 19:00 BST
            datetime(2026, 4, 7, 17, 0, tzinfo=UTC),
        ]
        for due in expected:
            assert await reminder_times(app) == [due]
            clock.now = due
            await app.services.scheduler.run_due()
        assert await reminder_times(app) == []
        await app.services.outbox.deliver_pending()
        assert len(reminders_to(tg, "-100")) == 3


async def test_reminders_survive_a_restart_and_a_missed_one_is_reported(
    sqlite_url: str, clock: FrozenClock
) -> None:
    config = events_config(sqlite_url, reminder_hours=[24, 1])
    tg, dc = platforms()
    async with events_app(config, tg, dc, clock):
        await add_event(tg, when="14 March 18:30")
    # down from before the 24-hour reminder until 30 minutes after it (inside the grace)
    clock.now = datetime(2026, 3, 13, 19, 0, tzinfo=UTC)
    tg, dc = platforms()
    async with events_app(config, tg, dc, clock) as app:
        await app.services.scheduler.catch_up()  # also run by the start itself
        await app.services.outbox.deliver_pending()
        assert "starts tomorrow" in reminders_to(tg, "-100")[0]
    # down again past the 1-hour reminder by more than the grace window
    clock.now = datetime(2026, 3, 14, 20, 0, tzinfo=UTC)
    tg, dc = platforms()
    console = events_config(sqlite_url, reminder_hours=[24, 1]).model_copy(
        update={"console": config.console.model_copy(update={"enabled": True})}
    )
    async with events_app(console, tg, dc, clock) as app:
        await app.services.scheduler.catch_up()
        async with app.storage.unit() as uow:
            [missed] = await uow.get(SCHEDULE).for_ref("event-reminder", "1:1")
        assert missed.state.value == "missed"
        assert reminders_to(tg, "-100") == []
