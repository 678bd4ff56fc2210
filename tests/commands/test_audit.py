"""The audit log: officers' actions and role changes are recorded with who and when, and
officers (only) read the latest with /audit, privately."""

from __future__ import annotations

from pathlib import Path

from bot.stores.audit import AUDIT
from tests.commands.events_support import add_event
from tests.commands.polls_support import make_poll
from tests.commands.privacy_support import platforms, privacy_config
from tests.commands.submit_support import send_submission
from tests.support import FrozenClock, running_app


async def test_officer_actions_are_recorded_and_listed(tmp_path: Path, clock: FrozenClock) -> None:
    tg, dc = platforms()
    config = privacy_config(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    async with running_app(config, tg, dc, clock=clock) as app:
        poll = await make_poll(app, tg)
        clock.advance(minutes=1)
        await tg.command(f"/poll close {poll}", user="olive")
        await app.services.outbox.deliver_pending()  # the results post, before anything else
        clock.advance(minutes=1)
        await send_submission(tg, "ann")
        await tg.press("review:approve:1", user="olive")
        clock.advance(minutes=1)
        assert "Saved" in await add_event(tg, title="Housing talk")
        await tg.command("/event cancel 1", user="olive")
        await tg.press("event-cancel:1", user="olive")
        async with app.storage.unit() as uow:
            entries = list(reversed(await uow.get(AUDIT).latest(50)))
        actions = [(e.action, e.subject) for e in entries]
        assert actions == [
            ("role.change", "Olive"),
            ("poll.create", f"poll #{poll}"),
            ("poll.close", f"poll #{poll}"),
            ("review.decision", "draft #1"),
            ("event.add", "event #1"),
            ("event.cancel", "event #1"),
        ]
        assert all(e.actor_key == "telegram:olive" for e in entries)
        assert all(e.actor_role == "officer" for e in entries)
        assert entries[0].detail == "role changed from member to officer"
        assert entries[3].detail == "approved"

        await tg.command("/audit 3", user="olive")
        listing = tg.last()
        assert listing.chat.is_private
        assert "the latest 3, newest first" in listing.text
        assert "Olive (officer, telegram:olive): event.cancel event #1: Housing talk" in (
            listing.text
        )
        assert "poll.create" not in listing.text  # only the latest 3

        await tg.command("/audit", user="ann")
        assert "for officers only" in tg.last().text
        for bad in ("lots", "0", "201", "²"):
            await tg.command(f"/audit {bad}", user="olive")
            assert "as a number from 1 to 200" in tg.last().text


async def test_a_role_change_is_recorded_both_ways(tmp_path: Path, clock: FrozenClock) -> None:
    tg, dc = platforms()
    config = privacy_config(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    async with running_app(config, tg, dc, clock=clock) as app:
        await tg.command("/help", user="bob")  # a member's first sight: nothing to record
        dc.officers.add("bob-dc")
        await dc.command("/help", user="bob-dc")
        await dc.command("/help", user="bob-dc")  # unchanged: recorded once
        dc.officers.discard("bob-dc")
        await dc.command("/help", user="bob-dc")
        async with app.storage.unit() as uow:
            entries = list(reversed(await uow.get(AUDIT).latest(10)))
        assert [(e.actor_key, e.detail) for e in entries] == [
            ("discord:bob-dc", "role changed from member to officer"),
            ("discord:bob-dc", "role changed from officer to member"),
        ]
        await tg.command("/audit", user="olive")
        assert "Bob-Dc (member, discord:bob-dc): role.change Bob-Dc" in tg.last().text
