"""Statements per command do not grow with the rows a table holds: /events, /ideas, /drafts
and /digest run exactly as many statements with 200 rows of each kind as with 10, on
SQLite and PostgreSQL (the lists read a page, the digest's sections count in SQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from adapters.fake import FakeAdapter
from bot.app import App
from bot.model import ChatKind, ChatRef, Identity
from bot.stores.events import EVENTS, Event, EventType, Repeat
from bot.stores.ideas import IDEAS, Idea
from bot.stores.polls import POLLS, Poll, PollKind, PollOption
from bot.stores.submissions import SUBMISSIONS, Draft, Kind, Status
from tests.bot.test_scheduler import counting
from tests.commands.submit_support import submit_config
from tests.support import FrozenClock, running_app

ANN = Identity("telegram", "ann", "Ann")
COMMANDS = ("/events", "/events all", "/ideas", "/drafts", "/digest")
STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.SUBMITTED, Status.WITHDRAWN)


@pytest.fixture
async def running(storage_url: str, clock: FrozenClock) -> AsyncIterator[tuple[App, FakeAdapter]]:
    fake = FakeAdapter(platform="telegram", officers={"olive"})
    async with running_app(submit_config(storage_url), fake, clock=clock) as app:
        yield app, fake


def poll(question: str, clock: FrozenClock) -> Poll:
    return Poll(
        question=question,
        kind=PollKind.SINGLE,
        options=[PollOption(label) for label in ("Buses", "Housing")],
        deadline=clock.now + timedelta(days=3),
        created_at=clock.now,
        chats=[ChatRef("telegram", "members", ChatKind.GROUP)],
        anonymous=True,
    )


async def seed(app: App, clock: FrozenClock, first: int, last: int) -> None:
    """Rows first..last-1 of each kind: one-off events, weekly series (every third one
    finished), ideas, Ann's drafts and motions in several states, and an open poll in 20."""
    now = clock.now
    async with app.storage.unit() as uow:
        events, ideas, drafts = uow.get(EVENTS), uow.get(IDEAS), uow.get(SUBMISSIONS)
        for n in range(first, last):
            if n % 20 == 0:
                await uow.get(POLLS).create(poll(f"Question {n}", clock), b"s" * 32)
            start = now + timedelta(days=1, hours=n)
            await events.add(
                Event(
                    f"Meeting {n}",
                    EventType.OTHER,
                    start,
                    start + timedelta(hours=1),
                    created_at=now,
                )
            )
            begun = now - timedelta(days=400 + n)
            await events.add(
                Event(
                    f"Series {n}",
                    EventType.OTHER,
                    begun,
                    begun + timedelta(hours=1),
                    repeat=Repeat.WEEKLY,
                    repeat_count=5 if n % 3 == 0 else None,
                    created_at=now,
                )
            )
            await ideas.add(Idea(f"Idea {n}", None, now - timedelta(hours=n)))
            await drafts.add(
                Draft(
                    author=ANN,
                    created_at=now - timedelta(hours=n),
                    updated_at=now - timedelta(hours=n),
                    kind=Kind.MOTION if n % 2 else Kind.SUBMISSION,
                    status=STATUSES[n % len(STATUSES)],
                    fields={"title": f"Draft {n}"},
                )
            )


async def statements(app: App, fake: FakeAdapter) -> dict[str, int]:
    counter = await counting(app)
    found = {}
    for command in COMMANDS:
        await fake.command(command, user="ann")
        fake.pop_all()
        found[command] = counter.take()[0]
    return found


async def test_statements_per_command_do_not_grow_with_the_rows(
    running: tuple[App, FakeAdapter], clock: FrozenClock
) -> None:
    app, fake = running
    await seed(app, clock, 0, 10)
    await statements(app, fake)  # the first time may store what is kept (buttons, people)
    few = await statements(app, fake)
    await seed(app, clock, 10, 200)
    many = await statements(app, fake)
    assert all(few.values()), few  # the counter saw the commands' statements
    assert many == few
