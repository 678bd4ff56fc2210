"""/events all, /consultations and /review queue page through bot/paging like /ideas: many
rows, Next/Previous, typed "page N", past the end; the review queue stays private."""

from __future__ import annotations

from datetime import timedelta

from bot.model import Identity
from bot.paging import NEXT, PREVIOUS
from bot.stores.consultations import CONSULTATIONS
from bot.stores.events import EVENTS, Event, EventType, Repeat
from bot.stores.submissions import SUBMISSIONS, Draft, Kind, Status
from tests.commands.events_support import events_app, events_config, platforms
from tests.commands.submit_support import submit_config, telegram_fake
from tests.support import FrozenClock, running_app

DISCORD_LIMIT = 2000


async def test_events_all_pages_in_order_of_next_start(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        async with app.storage.unit() as uow:
            store = uow.get(EVENTS)
            for n in range(1, 121):
                start = clock.now + timedelta(days=n)
                await store.add(
                    Event(
                        f"Talk {n}",
                        EventType.SPEAKER,
                        start,
                        start + timedelta(hours=1),
                        created_at=clock(),
                    )
                )
            weekly = clock.now - timedelta(days=59, hours=-1)  # next: after Talk 4, before 5
            await store.add(
                Event(
                    "Branch meeting",
                    EventType.OTHER,
                    weekly,
                    weekly + timedelta(hours=1),
                    repeat=Repeat.WEEKLY,
                    created_at=clock(),
                )
            )
        await tg.command("/events")
        first = tg.last()
        assert "more: /events all" in first.text
        assert NEXT not in first.labels
        await tg.command("/events all")
        page = tg.last()
        assert "Page 1 of 13 (121 in all)" in page.text
        assert page.text.index("Talk 4 ") < page.text.index("Branch meeting")
        assert page.text.index("Branch meeting") < page.text.index("Talk 5 ")
        assert len(page.text) < DISCORD_LIMIT
        await tg.press(NEXT)
        second = tg.last()
        assert second.edited
        assert "Page 2 of 13" in second.text
        assert "#10 Talk 10 " in second.text
        assert "Branch meeting" not in second.text  # once, at its next date
        await tg.command("/events all page 13")
        assert "Talk 120 " in tg.last().text
        assert PREVIOUS in tg.last().labels
        await tg.command("/events all page 14")
        assert "There is no page 14: the list has 13 pages" in tg.last().text
        await tg.command("/events all page x")
        assert "“page x” is not a page" in tg.last().text


async def test_consultations_page(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock) as app:
        async with app.storage.unit() as uow:
            store = uow.get(CONSULTATIONS)
            for n in range(1, 46):
                await store.add(
                    f"Consultation {n}",
                    url=f"https://policyforum.example/c/{n}",
                    closes_at=clock.now + timedelta(days=n),
                )
            await store.add("Open-ended one")  # no closing date: last
        await tg.command("/consultations")
        page = tg.last()
        assert "Open NPF consultations (46)" in page.text
        assert "Page 1 of 5 (46 in all)" in page.text
        assert "Consultation 1 " in page.text
        assert "Consultation 11 " not in page.text
        assert len(page.text) < DISCORD_LIMIT
        await tg.press(NEXT)
        assert "Consultation 11 " in tg.last().text
        await tg.command("/consultations page 5")
        assert "Open-ended one" in tg.last().text
        await tg.command("/consultations page 6")
        assert "There is no page 6" in tg.last().text
        await tg.command("/consultations 3")
        assert "Consultation 3" in tg.last().text  # one consultation still by its number


async def test_review_queue_pages_privately_for_officers(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        author = Identity(fake.platform, "ann", "Ann")
        async with app.storage.unit() as uow:
            for n in range(1, 36):
                status = Status.APPROVED if n > 30 else Status.IN_REVIEW
                await uow.get(SUBMISSIONS).add(
                    Draft(
                        author,
                        clock(),
                        clock(),
                        kind=Kind.MOTION,
                        status=status,
                        fields={"title": f"Motion {n}"},
                    )
                )
        await fake.command("/review", user="olive")
        first = fake.last()
        assert "Review queue (30 waiting)" in first.text
        assert "Page 1 of 4 (35 in all)" in first.text
        assert "Motion 1 " in first.text
        assert NEXT in first.labels
        await fake.press(NEXT, user="olive")
        assert "Motion 11 " in fake.last().text
        await fake.command("/review queue page 4", user="olive")
        last = fake.last()
        assert "Motion 31 " in last.text
        assert "5 motions approved, not yet put to the General Meeting" in last.text
        await fake.command("/review queue 5", user="olive")
        assert "There is no page 5" in fake.last().text
        await fake.command("/review page 2", user="olive")
        assert "Page 2 of 4" in fake.last().text
        await fake.press("reviewpage:2", user="ann")
        assert "for officers only" in fake.last().text
        await fake.press("reviewpage:2", user="olive", group="-100")
        moved = [s for s in fake.sent[-3:] if "Page 2 of 4" in s.text]
        assert moved
        assert all(s.chat.is_private for s in moved)
