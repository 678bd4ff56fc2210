"""A motion's route in storage (its General Meeting, outcome and day sent to conference),
and the migration that made room for it, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.model import Identity
from bot.stores.submissions import SUBMISSIONS, Draft, HistoryEntry, Kind, Status
from storage.sql import SqlStorage, alembic_config
from tests.storage.test_coauthor_migration import to
from tests.support import revision_before

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ANN = Identity("telegram", "42", "Ann")


def motion(**changes: object) -> Draft:
    draft = Draft(
        author=ANN,
        created_at=NOW,
        updated_at=NOW,
        kind=Kind.MOTION,
        status=Status.CARRIED,
        fields={"title": "Libraries", "motion": "This CLP calls for libraries."},
        meeting_on=date(2026, 2, 26),
        decided_on=date(2026, 2, 26),
    )
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


async def test_a_motions_dates_round_trip_and_reach_the_digests_counts(
    storage: SqlStorage,
) -> None:
    long_action = "marked submitted to the Policy Forum on 2026-03-01" + " and more" * 10
    async with storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        added = await store.add(motion())
        assert added.id is not None
        await store.record(HistoryEntry(added.id, "Olive", "telegram:7", long_action, NOW))
    async with storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        loaded = await store.get(added.id)
        assert loaded == added
        assert loaded is not None
        loaded.status, loaded.sent_on = Status.SENT, date(2026, 3, 1)
        await store.update(loaded)
        assert [h.action for h in await store.history(added.id)] == [long_action]
    async with storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        again = await store.get(added.id)
        assert again is not None
        assert (again.status, again.meeting_on, again.decided_on, again.sent_on) == (
            Status.SENT,
            date(2026, 2, 26),
            date(2026, 2, 26),
            date(2026, 3, 1),
        )
        week = (NOW - timedelta(days=7), NOW + timedelta(days=1))
        [progress] = await store.progress_counts(*week, date(2026, 2, 26), date(2026, 2, 28))
        assert (progress.kind, progress.status, progress.count) == (Kind.MOTION, Status.SENT, 1)
        assert (progress.created, progress.decided, progress.sent) == (1, 1, 0)
        assert [d.id for d in await store.with_status(Status.SENT)] == [added.id]


def motion_route_revision() -> str:
    """This migration's revision, whatever number it was given at merge."""
    script = ScriptDirectory.from_config(alembic_config())
    return next(r.revision for r in script.walk_revisions() if "motion_route" in (r.path or ""))


async def test_a_motion_marked_submitted_before_becomes_sent_to_conference(
    storage_url: str,
) -> None:
    storage = SqlStorage(storage_url)
    try:
        await storage.upgrade()
        async with storage.engine.begin() as connection:
            await connection.run_sync(to(revision_before(motion_route_revision())))
            for number, kind in ((1, "motion"), (2, "submission")):
                await connection.execute(
                    text(
                        "INSERT INTO submissions (id, author_platform, author_user_id,"
                        " author_name, kind, status, fields, show_name, forum_submitted_on,"
                        " created_at, updated_at) VALUES (:id, 'telegram', '42', 'Ann', :kind,"
                        " 'submitted', :fields, false, :on, :now, :now)"
                    ),
                    {
                        "id": number,
                        "kind": kind,
                        "fields": "{}",
                        "on": date(2026, 3, 1),
                        "now": NOW,
                    },
                )
            await connection.run_sync(to("head"))
        async with storage.unit() as uow:
            store = uow.get(SUBMISSIONS)
            sent, submitted = await store.get(1), await store.get(2)
        assert sent is not None
        assert (sent.status, sent.sent_on, sent.forum_submitted_on) == (
            Status.SENT,
            date(2026, 3, 1),
            None,
        )
        assert submitted is not None
        assert (submitted.status, submitted.forum_submitted_on) == (
            Status.SUBMITTED,
            date(2026, 3, 1),
        )
        async with storage.engine.begin() as connection:  # and back down, losing nothing
            await connection.run_sync(to(revision_before(motion_route_revision())))
            rows = await connection.execute(
                text("SELECT id, status, forum_submitted_on FROM submissions ORDER BY id")
            )
            assert [(r.id, r.status, str(r.forum_submitted_on)) for r in rows] == [
                (1, "submitted", "2026-03-01"),
                (2, "submitted", "2026-03-01"),
            ]
    finally:
        await storage.close()


async def test_the_digest_counts_are_grouped_in_sql(storage: SqlStorage) -> None:
    """One row per status and kind, with what happened in the week counted in it."""
    week = (NOW - timedelta(days=7), NOW)
    async with storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        for n, status in enumerate([Status.SENT, Status.SENT, Status.CARRIED, Status.WITHDRAWN]):
            draft = motion()
            draft.status = status
            draft.created_at = NOW - timedelta(days=3 + n * 3)  # 3, 6, 9, 12 days ago
            draft.sent_on = date(2026, 2, 27) if n == 0 else date(2026, 1, 5)
            await store.add(draft)
        counts = await store.progress_counts(*week, date(2026, 2, 23), date(2026, 3, 2))
    by_status = {(c.status, c.kind): c for c in counts}
    assert set(by_status) == {
        (Status.SENT, Kind.MOTION),
        (Status.CARRIED, Kind.MOTION),
        (Status.WITHDRAWN, Kind.MOTION),
    }
    sent = by_status[Status.SENT, Kind.MOTION]
    assert (sent.count, sent.created, sent.sent, sent.decided) == (2, 2, 1, 2)
    carried = by_status[Status.CARRIED, Kind.MOTION]
    assert (carried.count, carried.created) == (1, 0)
