"""/consultations for members; /consultation add|edit|remove for officers; announcements
and deadline reminders through the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from adapters.fake import FakeAdapter
from bot.app import App
from bot.model import Identity
from bot.stores.consultations import CONSULTATIONS
from bot.stores.scheduling import SCHEDULE, JobState
from bot.stores.submissions import SUBMISSIONS, Draft, Kind, Status
from commands.consultations.notify import REMINDER
from tests.commands.consultations_support import (
    DC_CHANNEL,
    TG_GROUP,
    answer,
    clp_config,
    platforms,
    posted,
)
from tests.support import FrozenClock, running_app

ADD_SAFER = (
    "/consultation add Safer streets consultation | safer | https://forum.example.org/c/1 "
    "| today | in 9 days"
)


@pytest.fixture
async def both(
    sqlite_url: str, clock: FrozenClock
) -> AsyncIterator[tuple[App, FakeAdapter, FakeAdapter]]:
    tg, dc = platforms()
    async with running_app(clp_config(sqlite_url), tg, dc, clock=clock) as app:
        yield app, tg, dc


async def reminder_jobs(app: App, consultation_id: int) -> list[tuple[int, datetime]]:
    async with app.storage.unit() as uow:
        jobs = await uow.get(SCHEDULE).for_ref(REMINDER, str(consultation_id))
    return sorted((int(j.payload["days"]), j.due_at) for j in jobs if j.state is JobState.PENDING)


async def test_an_officer_adds_one_and_members_see_how_long_is_left(
    both: tuple[App, FakeAdapter, FakeAdapter],
) -> None:
    app, tg, dc = both
    await tg.command("/consultations")
    assert "No NPF consultations are open just now" in answer(tg).text
    await tg.command(ADD_SAFER, user="olive")
    check = answer(tg, "olive")
    assert "Please check before I save and announce it:" in check.text
    assert "Opens: Mon 2 March 2026, 00:00" in check.text
    assert "Closes: Wed 11 March 2026, 23:59" in check.text
    assert check.labels == ["Save and announce", "Discard"]
    assert posted(tg, TG_GROUP) == []  # nothing is announced before it is confirmed
    await tg.press("Save and announce", user="olive")
    added = answer(tg, "olive").text
    assert "Added consultation #1" in added
    assert "Policy commission: Safer streets" in added
    await tg.command("/consultations")
    listing = answer(tg).text
    assert "Open NPF consultations (1)" in listing
    assert "Safer streets consultation (https://forum.example.org/c/1)" in listing
    assert (
        "Safer streets; closes in 9 days (Wed 11 March 2026); no drafts started yet. #1" in listing
    )
    await app.services.outbox.deliver_pending()
    await app.services.outbox.deliver_pending()
    for fake, chat in ((tg, TG_GROUP), (dc, DC_CHANNEL)):
        [announced] = posted(fake, chat)
        assert "New NPF consultation: Safer streets consultation" in announced
        assert "Safer streets; closes in 9 days." in announced


async def test_draft_counts_and_one_consultations_details(
    both: tuple[App, FakeAdapter, FakeAdapter], clock: FrozenClock
) -> None:
    app, tg, _ = both
    await tg.command(ADD_SAFER, user="olive")
    await tg.press("Save and announce", user="olive")
    async with app.storage.unit() as uow:
        for n in range(3):
            await uow.get(SUBMISSIONS).add(
                Draft(
                    author=Identity("telegram", str(n), f"Member {n}"),
                    created_at=clock.now,
                    updated_at=clock.now,
                    kind=Kind.SUBMISSION,
                    status=Status.WITHDRAWN if n == 2 else Status.DRAFT,
                    fields={"title": "Policing", "consultation_id": 1},
                )
            )
    clock.advance(days=2)
    await tg.command("/consultations")
    assert "; closes in 7 days (Wed 11 March 2026); 2 drafts started. #1" in answer(tg).text
    await tg.command("/consultations 1")
    details = answer(tg).text
    assert "Opened: Mon 2 March 2026" in details
    assert "Deadline: closes in 7 days (Wed 11 March 2026, 23:59)." in details
    assert "Read it and respond: https://forum.example.org/c/1" in details
    assert "Members have started 2 drafts." in details
    for wanted, expected in (("9", "There is no consultation #9"), ("x1", "'x1' is not a")):
        await tg.command(f"/consultations {wanted}")
        assert expected in answer(tg).text


async def test_members_cannot_manage_consultations(
    both: tuple[App, FakeAdapter, FakeAdapter],
) -> None:
    _, tg, _ = both
    await tg.command(ADD_SAFER, user="ann")
    assert "for officers only" in answer(tg).text
    await tg.command("/consultations")
    assert "No NPF consultations are open" in answer(tg).text


async def test_bad_input_is_explained_and_echoed(
    both: tuple[App, FakeAdapter, FakeAdapter],
) -> None:
    _, tg, _ = both
    cases = {
        "Title | Policing and crime": "is not one policy commission",
        "Title | all | ftp://x": "is not a web link",
        "Title | all | | | the twelfth of never": "I could not read",
        "Title | all | | | 1 January 2020": "has already passed",
        "Title | all | | 20 March 2026 | 10 March 2026": "close before it opens",
        "a | b | c | d | e | f": "give at most 5",
    }
    for typed, problem in cases.items():
        await tg.command(f"/consultation add {typed}", user="olive")
        said = answer(tg, "olive").text
        assert problem in said
        assert typed in said  # nothing typed is lost


async def test_the_add_conversation_asks_for_each_detail(
    both: tuple[App, FakeAdapter, FakeAdapter],
) -> None:
    app, tg, _ = both
    await tg.command("/consultation add", user="olive")
    assert "Step 1 of 5" in answer(tg, "olive").text
    await tg.say("Clean energy", user="olive")
    ask = answer(tg, "olive")
    assert "Step 2 of 5" in ask.text
    assert "All commissions" in ask.labels
    await tg.say("superpower", user="olive")
    assert "Step 3 of 5" in answer(tg, "olive").text
    await tg.say("not a link", user="olive")
    assert "'not a link' is not a web link" in answer(tg, "olive").text
    await tg.press("Skip", user="olive")
    await tg.press("It is open now", user="olive")
    assert "Step 5 of 5" in answer(tg, "olive").text
    await tg.say("23 March 2026 5pm", user="olive")
    assert "Closes: Mon 23 March 2026, 17:00" in answer(tg, "olive").text
    await tg.press("Save and announce", user="olive")
    done = answer(tg, "olive").text
    assert "Added consultation #1" in done
    assert "Make Britain a clean energy superpower" in done
    async with app.storage.unit() as uow:
        c = await uow.get(CONSULTATIONS).get(1)
    assert c is not None
    assert c.closes_at == datetime(2026, 3, 23, 17, 0, tzinfo=UTC)
    assert c.url == ""


async def test_reminders_go_out_at_each_point_once(
    both: tuple[App, FakeAdapter, FakeAdapter], clock: FrozenClock
) -> None:
    app, tg, dc = both
    await tg.command(
        "/consultation add Growth | growth | https://forum.example.org/g | today "
        "| 21 March 2026 23:59",
        user="olive",
    )
    await tg.press("Save and announce", user="olive")
    assert [days for days, _ in await reminder_jobs(app, 1)] == [1, 7, 14]
    sent: list[str] = []
    for day in (7, 14, 20):  # 7, 14 and 20 March 09:00 London = 09:00 UTC (GMT)
        clock.now = datetime(2026, 3, day, 9, 0, tzinfo=UTC)
        await app.services.scheduler.run_due()
        await app.services.scheduler.run_due()  # a second run sends nothing more
        await app.services.outbox.deliver_pending()
        sent = [t for t in posted(tg, TG_GROUP) if t.startswith("Reminder")]
    assert [s.split(" closes ")[1].split(" (")[0] for s in sent] == [
        "in 14 days",
        "in 7 days",
        "tomorrow at 23:59",
    ]
    assert len([s for s in posted(dc, DC_CHANNEL) if s.startswith("Reminder")]) == 3


async def test_reminder_points_already_past_are_skipped(
    both: tuple[App, FakeAdapter, FakeAdapter], clock: FrozenClock
) -> None:
    app, tg, _ = both
    await tg.command(ADD_SAFER, user="olive")  # closes in 9 days: no 14-day reminder
    await tg.press("Save and announce", user="olive")
    assert await reminder_jobs(app, 1) == [
        (1, datetime(2026, 3, 10, 9, 0, tzinfo=UTC)),
        (7, datetime(2026, 3, 4, 9, 0, tzinfo=UTC)),
    ]
    await tg.command("/consultation add No date | all", user="olive")
    assert "Closes: no closing date" in answer(tg, "olive").text
    await tg.press("Save and announce", user="olive")
    assert await reminder_jobs(app, 2) == []


async def test_editing_the_close_replans_and_removing_cancels(
    both: tuple[App, FakeAdapter, FakeAdapter], clock: FrozenClock
) -> None:
    app, tg, _ = both
    await tg.command(ADD_SAFER, user="olive")
    await tg.press("Save and announce", user="olive")
    await tg.command("/consultation edit 1 closes 2026-03-30", user="olive")
    asked = answer(tg, "olive")
    assert "Change the closing date of consultation #1 to Mon 30 March 2026, 23:59?" in asked.text
    assert [d for d, _ in await reminder_jobs(app, 1)] == [1, 7]  # not saved yet
    await tg.press("Save", user="olive")
    assert "Saved." in answer(tg, "olive").text
    assert [d for d, _ in await reminder_jobs(app, 1)] == [1, 7, 14]
    await tg.command("/consultation edit 1", user="olive")
    await tg.press("Title", user="olive")
    await tg.say("Safer streets for all", user="olive")
    assert "Safer streets for all" in answer(tg, "olive").text
    await tg.command("/consultation edit 1 colour red", user="olive")
    assert "I can't change 'colour'" in answer(tg, "olive").text
    # an old reminder whose close date changed does not go out
    clock.now = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert await app.services.scheduler.run_due() == 1  # only the daily clean-up (retention)
    await tg.command("/consultation remove 1", user="olive")
    asked = answer(tg, "olive")
    assert "Remove consultation #1 (Safer streets for all)?" in asked.text
    await tg.press("No, keep it", user="olive")
    assert "kept: nothing changed" in answer(tg, "olive").text
    assert len(await reminder_jobs(app, 1)) == 3
    await tg.command("/consultation remove 1", user="olive")
    await tg.press("Yes, remove it", user="olive")
    assert "Removed consultation #1 (Safer streets for all). 3 planned" in answer(tg, "olive").text
    assert await reminder_jobs(app, 1) == []
    await tg.command("/consultations")
    assert "No NPF consultations are open" in answer(tg).text
    await tg.command("/consultation remove 1", user="olive")
    assert "There is no consultation #1" in answer(tg, "olive").text
    clock.now += timedelta(days=30)
    await app.services.scheduler.run_due()
    await app.services.outbox.deliver_pending()
    assert not [t for t in posted(tg, TG_GROUP) if t.startswith("Reminder")]
