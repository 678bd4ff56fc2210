"""/announce: compose, targets, when (now, later, repeating), preview, confirm; the list;
cancelling; missed runs inside and outside the grace window."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.fake import FakeAdapter
from bot.stores.events import ANNOUNCEMENTS, AnnouncementState
from bot.stores.scheduling import OUTBOX, SCHEDULE, JobState
from tests.commands.events_support import events_app, events_config, platforms, texts_to
from tests.support import FrozenClock

TEXT = "Branch meeting on Thursday.\n\nAll members welcome."


async def compose(fake: FakeAdapter, when: str | None, targets: tuple[str, ...] = ()) -> None:
    await fake.command("/announce", user="olive")
    await fake.say(TEXT, user="olive")
    if targets:
        for label in targets:
            await fake.press(label, user="olive")
        await fake.press("done", user="olive")
    else:
        await fake.press("Everywhere", user="olive")
    if when is None:
        await fake.press("Now", user="olive")
    else:
        await fake.say(when, user="olive")


def announcements_to(fake: FakeAdapter, chat: str) -> list[str]:
    return [t for t in texts_to(fake, chat) if t.startswith("Branch meeting")]


async def test_announce_now_everywhere_after_a_preview(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await compose(tg, None)
        preview = tg.last()
        assert preview.text.startswith("Preview:\n\nBranch meeting on Thursday.\n\nAll members")
        assert "Goes to: everywhere" in preview.text
        assert "When: now" in preview.text
        await tg.press("Confirm", user="olive")
        assert "Posting announcement #1 now" in tg.last().text
        await app.services.outbox.deliver_pending()
        for fake, chat in ((tg, "-100"), (tg, "-200"), (dc, "555")):
            assert announcements_to(fake, chat) == [
                "Branch meeting on Thursday.\n\nAll members welcome."
            ]


async def test_some_targets_at_a_time(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await compose(tg, "tomorrow 9am", targets=("#announcements (Discord)",))
        assert "Goes to: #announcements (Discord)" in tg.last().text
        assert "When: Tuesday 3 March 2026, 09:00 (GMT)" in tg.last().text
        await tg.press("Confirm", user="olive")
        assert "Scheduled announcement #1" in tg.last().text
        await app.services.scheduler.run_due()
        await app.services.outbox.deliver_pending()
        assert announcements_to(dc, "555") == []
        clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
        await app.services.scheduler.run_due()
        await app.services.outbox.deliver_pending()
        assert len(announcements_to(dc, "555")) == 1
        assert announcements_to(tg, "-100") == []
        await tg.command("/announcements", user="olive")
        assert "No announcements are scheduled" in tg.last().text


async def test_a_repeating_announcement_runs_weekly_in_local_time_until_cancelled(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        await compose(tg, "every Monday 09:00")
        assert "every Monday at 09:00, first on Monday 9 March 2026, 09:00 (GMT)" in tg.last().text
        await tg.press("Confirm", user="olive")
        runs = [
            datetime(2026, 3, 9, 9, 0, tzinfo=UTC),
            datetime(2026, 3, 16, 9, 0, tzinfo=UTC),
            datetime(2026, 3, 23, 9, 0, tzinfo=UTC),
            datetime(2026, 3, 30, 8, 0, tzinfo=UTC),  # British Summer Time from 29 March
        ]
        for n, due in enumerate(runs, 1):
            async with app.storage.unit() as uow:
                [job] = await uow.get(SCHEDULE).for_ref("announcement", "1")
            assert job.due_at == due
            clock.now = due
            await app.services.scheduler.run_due()
            await app.services.outbox.deliver_pending()
            assert len(announcements_to(tg, "-200")) == n
        await tg.command("/announcements", user="olive")
        listing = tg.last().text
        assert "#1 due Monday 6 April 2026, 09:00 (BST), every Monday at 09:00" in listing
        await tg.command("/announce cancel 1", user="olive")
        assert "Cancelled announcement #1" in tg.last().text
        clock.now = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)
        await app.services.scheduler.run_due()
        await app.services.outbox.deliver_pending()
        assert len(announcements_to(tg, "-200")) == 4
        await tg.command("/announce cancel 1", user="olive")
        assert "no scheduled announcement #1" in tg.last().text


async def test_bad_times_and_members_are_refused(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/announce", user="ann")
        assert "for officers only" in tg.last().text
        await tg.command("/announce cancel 1", user="ann")
        assert "for officers only" in tg.last().text
        await compose(tg, "every so often")
        assert "could not read 'every so often' as a repeat" in tg.last().text
        await tg.say("yesterday 9am", user="olive")
        assert "is in the past" in tg.last().text
        await tg.press("done", user="olive")  # not offered on this question
        assert "earlier question" in tg.last().text


async def test_missed_inside_the_grace_window_is_sent_at_start_outside_is_reported(
    sqlite_url: str, clock: FrozenClock
) -> None:
    config = events_config(sqlite_url)
    tg, dc = platforms()
    async with events_app(config, tg, dc, clock) as app:
        await compose(tg, "today 11:00")
        await tg.press("Confirm", user="olive")
        await compose(tg, "today 12:00")
        await tg.press("Confirm", user="olive")
        await app.services.scheduler.stop()  # the bot goes down before either is due
    clock.now = datetime(2026, 3, 2, 12, 30, tzinfo=UTC)  # 11:00 is 90 min late, 12:00 is 30
    tg, dc = platforms()
    async with events_app(config, tg, dc, clock) as app:
        await app.services.scheduler.catch_up()
        await app.services.outbox.deliver_pending()
        assert len(announcements_to(tg, "-100")) == 1
        async with app.storage.unit() as uow:
            [late] = await uow.get(SCHEDULE).for_ref("announcement", "1")
            [sent] = await uow.get(SCHEDULE).for_ref("announcement", "2")
            reports = await uow.get(OUTBOX).for_post(f"missed:{late.id}:{late.due_at.isoformat()}")
            first = await uow.get(ANNOUNCEMENTS).get(1)
        assert late.state is JobState.MISSED
        assert sent.state is JobState.DONE
        assert first is not None
        assert first.state is AnnouncementState.SCHEDULED
        assert [r.chat.chat_id for r in reports] == ["-999"]
        [report] = texts_to(tg, "-999")
        assert "Missed while the bot was offline: announcement #1 (Branch meeting" in report
        await tg.command("/announcements", user="olive")
        assert "#1 missed while the bot was offline, not sent" in tg.last().text
