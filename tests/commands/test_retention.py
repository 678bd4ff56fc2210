"""Retention: a daily job (scheduled once at start) deletes conversations that timed out,
returned drafts nobody touched and old audit entries, as long as `[retention]` says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.fake import FakeAdapter
from bot.model import ChatKind, ChatRef, Identity, OutgoingMessage
from bot.serialize import message_to_json
from bot.stores.audit import AUDIT, AuditEntry
from bot.stores.core import CONVERSATIONS, ConversationKey, ConversationState
from bot.stores.scheduling import OUTBOX, SCHEDULE, JobState, ScheduledJob
from bot.stores.submissions import SUBMISSIONS, Draft, Status
from commands.privacy.retention import REF, RETENTION
from tests.support import FrozenClock, make_config, running_app

ANN = Identity("fake", "ann", "Ann")


async def test_the_daily_job_deletes_what_is_older_than_the_config_says(
    tmp_path: Path,
) -> None:
    clock = FrozenClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    config = make_config(
        f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
        retention={"conversations_days": 30, "returned_drafts_days": 100, "audit_days": 365},
    )
    fake = FakeAdapter()
    now = clock.now
    async with running_app(config, fake, clock=clock) as app:
        async with app.storage.unit() as uow:
            [job] = await uow.get(SCHEDULE).for_ref(RETENTION, REF)
            assert job.due_at == datetime(2026, 3, 3, 3, 30, tzinfo=UTC)  # 03:30 GMT
            conversations = uow.get(CONVERSATIONS)
            for chat, expired_days_ago in (("old", 31), ("recent", 29)):
                await conversations.save(
                    ConversationState(
                        ConversationKey("fake", chat, "ann"),
                        "submit",
                        "title",
                        now - timedelta(days=expired_days_ago) + timedelta(hours=17),
                    )
                )
            drafts = uow.get(SUBMISSIONS)
            ids = {}
            for title, status, days in (
                ("Old returned", Status.RETURNED, 101),
                ("Fresh returned", Status.RETURNED, 99),
                ("Old withdrawn", Status.WITHDRAWN, 200),
                ("Old approved", Status.APPROVED, 500),
            ):
                when = now - timedelta(days=days) + timedelta(hours=17)
                draft = await drafts.add(
                    Draft(ANN, when, when, "ann", status=status, fields={"title": title})
                )
                ids[title] = draft.id
            audit = uow.get(AUDIT)
            for days in (366, 364):
                await audit.add(
                    AuditEntry(
                        "Olive",
                        "fake:olive",
                        "officer",
                        "poll.close",
                        f"{days}",
                        now - timedelta(days=days) + timedelta(hours=17),
                    )
                )

        clock.advance(hours=17, minutes=30)  # 3 March, 03:30
        assert await app.services.scheduler.run_due() == 1
        await app.services.outbox.deliver_pending()

        async with app.storage.unit() as uow:
            conversations = uow.get(CONVERSATIONS)
            assert await conversations.load(ConversationKey("fake", "old", "ann")) is None
            assert await conversations.load(ConversationKey("fake", "recent", "ann")) is not None
            left = {d.title for d in await uow.get(SUBMISSIONS).with_status()}
            assert left == {"Fresh returned", "Old approved"}
            assert [e.subject for e in await uow.get(AUDIT).latest(10)] == ["364"]
            [job] = [
                j
                for j in await uow.get(SCHEDULE).for_ref(RETENTION, REF)
                if j.state is JobState.PENDING
            ]
            assert job.due_at == datetime(2026, 3, 4, 3, 30, tzinfo=UTC)  # daily
        told = [s.text for s in fake.sent if s.chat.chat_id == "ann"]
        assert any(
            f"returned draft #{ids['Old returned']} “Old returned” has been deleted" in t
            and "100 days" in t
            for t in told
        )
        assert any(f"#{ids['Old withdrawn']}" in t for t in told)


async def test_restarting_keeps_one_job_and_follows_a_new_time(tmp_path: Path) -> None:
    clock = FrozenClock()
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"
    async with running_app(make_config(url), FakeAdapter(), clock=clock):
        pass
    later = make_config(url, retention={"time": "02:00"})
    async with running_app(later, FakeAdapter(), clock=clock) as app:
        async with app.storage.unit() as uow:
            jobs = await uow.get(SCHEDULE).for_ref(RETENTION, REF)
        pending = [j for j in jobs if j.state is JobState.PENDING]
        assert [(j.due_at.hour, j.due_at.minute) for j in pending] == [(2, 0)]


async def test_messages_long_sent_and_jobs_long_finished_are_deleted(tmp_path: Path) -> None:
    """Housekeeping: the outbox and the job table keep what is pending or recent only."""
    clock = FrozenClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    config = make_config(
        f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
        retention={"outbox_days": 30, "jobs_days": 10},
    )
    now, chat = clock.now, ChatRef("fake", "group", ChatKind.GROUP)
    async with running_app(config, FakeAdapter(), clock=clock) as app:
        async with app.storage.unit() as uow:
            outbox, schedule = uow.get(OUTBOX), uow.get(SCHEDULE)
            # (key, queued days ago, sent days ago): kept by when it was sent
            posts = (
                ("old", 31, 31),
                ("recent", 29, 29),
                ("late", 60, 0),  # queued long ago, sent just now: as fresh as its message id
                ("event-post:1", 400, 400),  # an event's post is edited when the event changes
            )
            for key, queued, _ in (*posts, ("old-failed", 40, 0)):
                await outbox.enqueue(
                    key,
                    [chat],
                    message_to_json(OutgoingMessage.text(key)),
                    now - timedelta(days=queued),
                )
            for key, _, sent_days in posts:
                [item] = await outbox.for_post(key)
                assert item.id is not None
                await outbox.mark_sent(item.id, now - timedelta(days=sent_days), "m1")
            [failed] = await outbox.for_post("old-failed")
            assert failed.id is not None
            await outbox.mark_failed(failed.id, "gone")
            await outbox.enqueue(
                "old-pending",
                [chat],
                message_to_json(OutgoingMessage.text("x")),
                now - timedelta(days=60),
            )
            for ref, days, state in (
                ("done-old", 11, JobState.DONE),
                ("done-recent", 9, JobState.DONE),
                ("cancelled-old", 20, JobState.CANCELLED),
                ("pending", -5, JobState.PENDING),
            ):
                job = await schedule.add(ScheduledJob("noop", now - timedelta(days=days), ref))
                assert job.id is not None
                await schedule.set_state(job.id, state)

        clock.advance(hours=17, minutes=30)  # the daily clean-up
        assert await app.services.scheduler.run_due() >= 1

        async with app.storage.unit() as uow:
            outbox, schedule = uow.get(OUTBOX), uow.get(SCHEDULE)
            kept = [
                k
                for k in ("old", "recent", "late", "old-failed", "old-pending", "event-post:1")
                if await outbox.for_post(k)
            ]
            # a message not yet sent is never lost; a post edited later keeps its message ids
            assert kept == ["recent", "late", "old-pending", "event-post:1"]
            refs = set()
            for ref in ("done-old", "done-recent", "cancelled-old", "pending"):
                refs |= {j.ref for j in await schedule.for_ref("noop", ref)}
            assert refs == {"done-recent", "pending"}
