"""The weekly digest for a fixed week: what it says, where it goes (once per target),
/digest, /subscribe, /unsubscribe, the job's schedule and the newsletter export."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.fake import FakeAdapter
from bot import cli
from bot.app import App
from bot.model import ChatKind, ChatRef, Identity, person_target
from bot.stores.consultations import CONSULTATIONS
from bot.stores.scheduling import OUTBOX, SCHEDULE, JobState
from bot.stores.submissions import SUBMISSIONS, Draft, Kind, Status
from commands.digest import newsletter
from commands.digest.weekly import DIGEST, REF
from storage.sql import SqlStorage
from tests.commands.consultations_support import (
    DC_CHANNEL,
    TG_GROUP,
    answer,
    clp_config,
    platforms,
)
from tests.support import FrozenClock, make_config, running_app

MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # 09:00 in London (GMT): the digest's time
ANN_DM = ChatRef("telegram", "ann", ChatKind.PRIVATE)
BOB_DM = ChatRef("discord", "bob", ChatKind.PRIVATE)


@pytest.fixture
async def both(
    sqlite_url: str, clock: FrozenClock
) -> AsyncIterator[tuple[App, FakeAdapter, FakeAdapter]]:
    tg, dc = platforms()
    async with running_app(clp_config(sqlite_url), tg, dc, clock=clock) as app:
        yield app, tg, dc


def draft(n: int, status: Status, created: datetime) -> Draft:
    return Draft(
        author=Identity("telegram", f"m{n}", f"Secretname{n}"),
        created_at=created,
        updated_at=created,
        kind=Kind.SUBMISSION,
        status=status,
        fields={"title": f"Hidden title {n}"},
    )


async def fill_the_week(app: App, tg: FakeAdapter, clock: FrozenClock) -> None:
    """Mon 2 March 10:00 onwards: what happened in the week the 9 March digest covers."""
    before = clock.now - timedelta(days=10)
    async with app.storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        await store.add("Older consultation", created_at=before, closes_at=clock.now + 60 * DAY)
        gone = await store.add("Withdrawn one", created_at=clock.now, closes_at=MONDAY + DAY)
        await store.remove(gone.id, clock.now)
        drafts = uow.get(SUBMISSIONS)
        await drafts.add(draft(1, Status.APPROVED, before))
        await drafts.add(draft(2, Status.DRAFT, clock.now))
        await drafts.add(draft(3, Status.IN_REVIEW, clock.now + DAY))
        await drafts.add(draft(4, Status.WITHDRAWN, clock.now))
    await tg.command(
        "/consultation add Safer streets | safer | https://forum.example.org/s | today "
        "| 12 March 2026",
        user="olive",
    )
    await tg.press("Save and announce", user="olive")


DAY = timedelta(days=1)


async def test_the_weekly_digest_says_what_the_week_held_and_goes_once_per_target(
    both: tuple[App, FakeAdapter, FakeAdapter], clock: FrozenClock
) -> None:
    app, tg, dc = both
    await fill_the_week(app, tg, clock)
    await tg.command("/subscribe", user="ann")
    await dc.command("/subscribe", user="bob")
    clock.now = MONDAY
    await app.services.scheduler.run_due()
    await app.services.scheduler.run_due()
    for _ in range(2):
        await app.services.outbox.deliver_pending()
    digests = {
        chat: [
            s.text
            for s in fake.sent
            if s.chat == chat and s.to_user is None and "weekly digest" in s.text
        ]
        for fake, chat in ((tg, TG_GROUP), (tg, ANN_DM), (dc, DC_CHANNEL), (dc, BOB_DM))
    }
    assert {chat: len(texts) for chat, texts in digests.items()} == dict.fromkeys(digests, 1)
    text = digests[TG_GROUP][0]
    assert text.startswith("Testshire CLP: weekly digest\n\n2 March – 9 March 2026")
    consultations = text.index("NPF CONSULTATIONS")
    assert consultations < text.index("POLICY SUBMISSIONS")
    assert "New this week (1)\n\n• Safer streets (https://forum.example.org/s)" in text
    assert "Closing in the next 14 days (1)\n\n• Safer streets" in text
    assert "; closes in 3 days (Thu 12 March 2026)" in text
    assert "Open now: 2." in text
    assert "Older consultation" not in text.split("Open now")[0]
    assert "Withdrawn one" not in text
    assert "Members' drafts and motions: 2 new this week." in text
    assert "• 1 draft\n• 1 in review\n• 1 approved" in text
    assert "Secretname" not in text
    assert "Hidden title" not in text
    async with app.storage.unit() as uow:
        rows = await uow.get(OUTBOX).for_post("digest:2026-03-02")
    ann, bob = Identity("telegram", "ann", ""), Identity("discord", "bob", "")
    # members are queued as person targets, which each adapter resolves to their private chat
    assert {row.chat for row in rows} == {
        TG_GROUP,
        DC_CHANNEL,
        person_target(ann),
        person_target(bob),
    }


async def test_digest_shows_it_now_and_a_quiet_week_says_so(
    both: tuple[App, FakeAdapter, FakeAdapter], clock: FrozenClock
) -> None:
    app, tg, _ = both
    await tg.command("/digest")
    quiet = answer(tg).text
    assert "A quiet week: nothing new to report." in quiet
    await fill_the_week(app, tg, clock)
    await tg.command("/digest")
    assert "New this week (1)" in answer(tg).text


async def test_subscribe_and_unsubscribe(
    both: tuple[App, FakeAdapter, FakeAdapter], clock: FrozenClock
) -> None:
    app, tg, _ = both
    await tg.command("/subscribe", user="ann")
    assert "Subscribed: I'll send you the digest privately every Monday at 09:00" in answer(tg).text
    await tg.command("/subscribe", user="ann", group="-100")
    again = answer(tg).text
    assert "already subscribed" in again
    assert "opened a private chat with me (https://fake.invalid/start?start)" in again
    await tg.command("/unsubscribe", user="ann")
    assert "Unsubscribed" in answer(tg).text
    await tg.command("/unsubscribe", user="ann")
    assert "You were not subscribed" in answer(tg).text
    clock.now = MONDAY
    await app.services.scheduler.run_due()
    await app.services.outbox.deliver_pending()
    assert not [s for s in tg.sent if s.chat == ANN_DM and s.to_user is None]


async def test_the_digest_job_follows_the_configured_day_and_time(
    sqlite_url: str, clock: FrozenClock
) -> None:
    async def pending(app: App) -> list[tuple[datetime, object]]:
        async with app.storage.unit() as uow:
            jobs = await uow.get(SCHEDULE).for_ref(DIGEST, REF)
        return [(j.due_at, j.recurrence) for j in jobs if j.state is JobState.PENDING]

    async with running_app(clp_config(sqlite_url), *platforms(), clock=clock) as app:
        assert await pending(app) == [(MONDAY, {"day_of_week": "mon", "hour": 9, "minute": 0})]
    for _ in range(2):  # a restart with a new time moves it; another restart keeps it
        later = clp_config(sqlite_url, digest={"weekday": "friday", "time": "17:30"})
        async with running_app(later, *platforms(), clock=clock) as app:
            assert await pending(app) == [
                (
                    datetime(2026, 3, 6, 17, 30, tzinfo=UTC),
                    {"day_of_week": "fri", "hour": 17, "minute": 30},
                )
            ]


async def test_newsletter_formats_escape_everything(
    both: tuple[App, FakeAdapter, FakeAdapter],
) -> None:
    app, _, _ = both
    async with app.storage.unit() as uow:
        await uow.get(CONSULTATIONS).add(
            "<script>alert(1)</script> *bold* [x](y) & co",
            url="javascript:alert(2)",
            created_at=app.services.clock(),
        )
        await uow.get(CONSULTATIONS).add(
            "Fair pay", url="https://forum.example.org/a?b=1&c=2", created_at=app.services.clock()
        )
    html = await newsletter(app.services, "html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *bold* [x](y) &amp; co" in html
    assert "javascript:" not in html
    assert '<a href="https://forum.example.org/a?b=1&amp;c=2">Fair pay</a>' in html
    assert html.startswith('<article class="clpbot-digest">\n<h1>Testshire CLP: weekly digest')
    md = await newsletter(app.services, "md")
    assert md.startswith("# Testshire CLP: weekly digest\n\n*23 February – 2 March 2026*")
    assert "\\<script\\>alert(1)\\</script\\> \\*bold\\* \\[x\\](y) & co" in md
    assert "(javascript:" not in md
    assert "[Fair pay](https://forum.example.org/a?b=1&c=2)" in md
    assert "## NPF consultations" in md


def test_the_cli_prints_the_digest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    config_file = tmp_path / "clpbot.toml"
    config_file.write_text(f'[clp]\nname = "Clitown CLP"\n[storage]\nurl = "{url}"\n')

    async def add_one() -> None:
        storage = SqlStorage(make_config(url).storage.url)
        await storage.upgrade()
        async with storage.unit() as uow:
            now = datetime.now(UTC)
            await uow.get(CONSULTATIONS).add("Green jobs", created_at=now - timedelta(hours=1))
        await storage.close()

    asyncio.run(add_one())
    assert cli.main(["digest", "--format", "html", "--config", str(config_file)]) == 0
    html = capsys.readouterr().out
    assert "<h1>Clitown CLP: weekly digest</h1>" in html
    assert "<strong>Green jobs</strong>" in html
    assert cli.main(["digest", "--format", "md", "--config", str(config_file)]) == 0
    assert "**Green jobs**" in capsys.readouterr().out
