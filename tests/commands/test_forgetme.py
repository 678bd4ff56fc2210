"""/mydata then /forgetme for a member with data in every feature on two linked platforms;
then the database itself is read to check exactly what is left."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bot.app import App
from bot.privacy import ERASED
from storage.models import Base
from storage.sql import SqlStorage
from tests.commands.privacy_support import (
    Seeded,
    json_attachment,
    platforms,
    privacy_config,
    seed_everything,
)
from tests.support import FrozenClock, running_app

ANN_IDS = {"ann", "ann-dc"}
ANN_KEYS = {"telegram:ann", "discord:ann-dc"}


async def rows(app: App, sql: str) -> list[dict[str, Any]]:
    assert isinstance(app.storage, SqlStorage)
    async with app.storage.engine.connect() as connection:
        result = await connection.execute(text(sql))
        return [dict(row._mapping) for row in result]


async def test_forgetme_erases_everything_but_what_the_clp_has_used(
    storage_url: str, clock: FrozenClock
) -> None:
    """On SQLite and PostgreSQL."""
    tg, dc = platforms()
    config = privacy_config(storage_url)
    async with running_app(config, tg, dc, clock=clock) as app:
        seeded = await seed_everything(app, tg, dc)
        turnout_before = await rows(
            app, f"SELECT count(*) AS n FROM poll_ballots WHERE poll_id = {seeded.closed_poll}"
        )
        await tg.command("/mydata", user="ann")
        assert json_attachment(tg, "ann")["sections"]["ideas"]["data"]["ideas_you_put_forward"]

        await tg.command("/forgetme", user="ann")
        assert tg.last().labels == ["Yes, erase my data", "No, keep it"]
        await tg.press("No, keep it", user="ann")
        assert "Nothing was erased" in tg.last().text
        assert await rows(app, "SELECT * FROM person_identities WHERE user_id = 'ann'")

        await tg.command("/forgetme", user="ann")
        await tg.press("Yes, erase my data", user="ann")
        report = tg.last().text
        await app.services.outbox.deliver_pending()
        await check_report(report, seeded)
        await check_database(app, seeded, turnout_before[0]["n"])
        promoted = [s.text for s in tg.sent if s.chat.chat_id == "bob" and s.to_user is None]
        assert any("a place freed up" in t for t in promoted)  # the waiting list moved up


async def check_report(report: str, seeded: Seeded) -> None:
    assert "Your data has been erased" in report
    assert (
        f"Your submission #{seeded.forum_draft} “Night buses” was already sent to the Policy"
        " Forum by the CLP, so it is kept without your name" in report
    )
    assert f"Your idea #{seeded.poll_idea} “Night tube” was already turned into a poll" in report
    assert f"Your idea #{seeded.promoted_idea} “Rent caps” was already turned into a draft" in (
        report
    )
    assert "2 drafts not sent to the Policy Forum" in report
    assert "Your name as a co-author of 1 draft" in report
    assert "1 reply to events, with any access needs" in report
    assert "1 idea you put forward" in report
    assert "Your support for 1 idea" in report
    assert f"Your ballot in open poll #{seeded.open_poll}" in report
    assert "Your vote in a closed open-ballot poll keeps counting" in report
    assert "subscription to the weekly digest on telegram" in report
    assert "subscription to the weekly digest on discord" in report
    assert "unfinished conversation" in report
    assert "1 entry in the audit log of what you did as an officer is kept" in report
    assert "The 2 accounts the bot knew you by and the link between them" in report


async def check_database(app: App, seeded: Seeded, closed_turnout: int) -> None:
    drafts = {r["id"]: r for r in await rows(app, "SELECT * FROM submissions")}
    assert sorted(drafts) == sorted([seeded.forum_draft, seeded.bobs_draft])
    kept = drafts[seeded.forum_draft]
    assert (kept["author_name"], kept["author_user_id"], kept["author_chat_id"]) == (
        ERASED,
        "",
        None,
    )
    assert kept["status"] == "submitted"
    coauthors = await rows(app, "SELECT submission_id, name FROM submission_coauthors")
    assert coauthors == [{"submission_id": seeded.bobs_draft, "name": "Dan"}]
    history = await rows(app, "SELECT submission_id, actor_name, actor_key FROM submission_history")
    assert {(h["actor_name"], h["actor_key"]) for h in history} == {
        (ERASED, ""),
        ("Olive", "telegram:olive"),
    }
    rsvps = await rows(app, "SELECT user_id, status FROM event_rsvps")
    assert rsvps == [{"user_id": "bob", "status": "going"}]
    ideas = {r["id"]: r["author_person_id"] for r in await rows(app, "SELECT * FROM ideas")}
    assert seeded.plain_idea not in ideas
    assert ideas[seeded.poll_idea] is None
    assert ideas[seeded.promoted_idea] is None
    assert ideas[seeded.bobs_idea] is not None
    supports = await rows(app, "SELECT idea_id FROM idea_supports")
    assert supports == [{"idea_id": seeded.bobs_idea}]  # Bob's own support stays
    closed = await rows(
        app, f"SELECT person_id FROM poll_ballots WHERE poll_id = {seeded.closed_poll}"
    )
    assert len(closed) == closed_turnout  # closed-poll ballots keep counting...
    assert seeded.person not in {r["person_id"] for r in closed}  # ...unlinked
    opened = await rows(app, f"SELECT * FROM poll_ballots WHERE poll_id = {seeded.open_poll}")
    assert len(opened) == 1  # Bob's; Ann's ballot in the open poll is gone
    assert await rows(app, "SELECT * FROM digest_subscriptions") == []
    assert await rows(app, "SELECT * FROM conversations") == []
    members = await rows(app, "SELECT user_id FROM members")
    assert not ANN_IDS & {m["user_id"] for m in members}
    assert await rows(app, f"SELECT * FROM persons WHERE id = {seeded.person}") == []
    audit = await rows(app, "SELECT actor_key, actor_role, detail FROM audit_log")
    mine = [a for a in audit if a["actor_key"] in ANN_KEYS]
    assert mine == [
        {
            "actor_key": "telegram:ann",
            "actor_role": "officer",
            "detail": "role changed from member to officer",
        }
    ]
    assert any(a["detail"] == "role changed from officer to member" for a in audit)
    await no_trace_left(app, seeded.person)


async def no_trace_left(app: App, person: int) -> None:
    """No row anywhere names Ann, except the log of her officer actions (the outbox's
    record of what was sent to her privately is erased too)."""
    allowed = {"audit_log", "scheduled_jobs"}
    for table in Base.metadata.sorted_tables:
        if table.name in allowed:
            continue
        for row in await rows(app, f"SELECT * FROM {table.name}"):
            for column, value in row.items():
                if isinstance(value, list | dict):  # JSON, as PostgreSQL returns it
                    dumped = json.dumps(value, default=str)
                    assert not any(f'"{n}"' in dumped for n in ANN_IDS | ANN_KEYS), row
                    continue
                assert value not in ANN_IDS | ANN_KEYS, (table.name, column, row)
                if column.endswith("person_id") or (table.name == "persons" and column == "id"):
                    assert value != person, (table.name, column, row)


async def test_an_old_or_group_confirmation_erases_nothing(
    tmp_path: Path, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    config = privacy_config(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    async with running_app(config, tg, dc, clock=clock) as app:
        await tg.command("/subscribe", user="ann")
        await tg.command("/forgetme", user="ann")
        clock.advance(hours=1)
        await tg.press("Yes, erase my data", user="ann")
        assert "no longer valid, so nothing was erased" in tg.last().text
        for forged in ("forgetme:yes:²", "forgetme:yes:", "forgetme:maybe:1"):
            await tg.press(forged, user="ann")
            assert "no longer valid, so nothing was erased" in tg.last().text
        assert await rows(app, "SELECT * FROM digest_subscriptions")
        await tg.command("/forgetme", user="ann", group="members")
        assert "in private" in tg.last().text
        assert tg.last().labels == []


async def test_mydata_right_after_forgetme_stores_nobody_again(
    storage_url: str, clock: FrozenClock
) -> None:
    """A member's first sight stores nothing: not after an erasure either (both databases)."""
    tg, dc = platforms()
    async with running_app(privacy_config(storage_url), tg, dc, clock=clock) as app:
        await tg.command("/idea Free buses", user="ann")
        assert await rows(app, "SELECT * FROM person_identities WHERE user_id = 'ann'")
        await tg.command("/forgetme", user="ann")
        await tg.press("Yes, erase my data", user="ann")
        await tg.command("/mydata", user="ann")
        assert json_attachment(tg, "ann")["sections"]
        assert await rows(app, "SELECT * FROM person_identities WHERE user_id = 'ann'") == []
        assert await rows(app, "SELECT * FROM persons") == []
