"""The digest lists the next events, ours and neighbouring CLPs' (marked with their CLP),
in every form: the scheduled post, /digest and the newsletter export. Ideas merged into
another or drafted into a submission are not listed as open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from adapters.fake import FakeAdapter
from bot.app import App
from bot.stores.events import EVENTS, NEIGHBOUR_EVENTS, Event, EventType, NeighbourEvent
from bot.stores.ideas import IDEAS, Idea, IdeaStatus
from commands.digest import newsletter
from tests.commands.consultations_support import TG_GROUP, answer, clp_config, platforms, posted
from tests.support import FrozenClock, running_app

MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


@pytest.fixture
async def app_tg(sqlite_url: str, clock: FrozenClock) -> AsyncIterator[tuple[App, FakeAdapter]]:
    tg, dc = platforms()
    async with running_app(clp_config(sqlite_url), tg, dc, clock=clock) as app:
        yield app, tg


async def seed_events(app: App) -> None:
    """Ours: a talk in two months' time and a past one; theirs: a fair in three months."""
    now = app.services.clock()
    talk = now + timedelta(days=60)
    past = now - timedelta(days=3)
    fair = now + timedelta(days=90)
    async with app.storage.unit() as uow:
        await uow.get(EVENTS).add(
            Event(
                "Housing talk",
                EventType.SPEAKER,
                talk,
                talk + timedelta(hours=2),
                "Town Hall",
                created_at=now,
            )
        )
        await uow.get(EVENTS).add(
            Event("Old meeting", EventType.OTHER, past, past + timedelta(hours=1), created_at=now)
        )
        await uow.get(NEIGHBOUR_EVENTS).replace(
            "Nextshire CLP",
            [NeighbourEvent("Nextshire CLP", "fair-1", "Summer fair", fair, place="The Green")],
            now,
        )


async def test_every_form_of_the_digest_lists_the_next_events(
    app_tg: tuple[App, FakeAdapter], clock: FrozenClock
) -> None:
    app, tg = app_tg
    await seed_events(app)
    await tg.command("/digest")
    shown = answer(tg).text
    assert "COMING UP" in shown
    ours = "At Testshire CLP\n\n• #1 Housing talk — Fri 1 May 11:00, Town Hall (Guest speaker)"
    assert ours in shown
    theirs = "At neighbouring CLPs\n\n• Summer fair — Sun 31 May 11:00, The Green (Nextshire CLP)"
    assert theirs in shown
    assert "Old meeting" not in shown
    assert shown.index("COMING UP") < shown.index("Get this privately")
    md = await newsletter(app.services, "md")
    assert "## Coming up" in md
    assert "**\\#1 Housing talk**" in md  # "#" escaped: member text never makes a heading
    assert "*(Nextshire CLP)*" in md
    html = await newsletter(app.services, "html")
    assert "<strong>#1 Housing talk</strong>" in html
    assert "<em>(Nextshire CLP)</em>" in html
    clock.now = MONDAY
    await app.services.scheduler.run_due()
    await app.services.outbox.deliver_pending()
    [weekly] = [t for t in posted(tg, TG_GROUP) if "weekly digest" in t]
    assert "Housing talk" in weekly
    assert "Summer fair" in weekly
    assert "(Nextshire CLP)" in weekly


async def test_no_events_no_section(app_tg: tuple[App, FakeAdapter]) -> None:
    _, tg = app_tg
    await tg.command("/digest")
    assert "COMING UP" not in answer(tg).text


async def test_merged_and_drafted_ideas_are_not_listed_as_open(
    app_tg: tuple[App, FakeAdapter], clock: FrozenClock
) -> None:
    app, tg = app_tg
    async with app.storage.unit() as uow:
        ideas = uow.get(IDEAS)
        for text in ("Open idea", "Merged idea", "Drafted idea"):
            await ideas.add(Idea(text, None, clock.now))
        await ideas.set_status(2, IdeaStatus.MERGED, merged_into=1)
        await ideas.set_status(3, IdeaStatus.PROMOTED)
    await tg.command("/digest")
    shown = answer(tg).text
    assert "1 new idea this week" in shown
    assert "#1 Open idea" in shown
    assert "Merged idea" not in shown
    assert "Drafted idea" not in shown
