"""The core's transaction per event: answers after the commit, a failed commit reported
with nothing claimed, one conversation's events one at a time (through the fake adapter)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from adapters.fake import FakeAdapter
from bot.app import App
from bot.middleware import APOLOGY, MOVED_ON, NOT_SAVED, EventUnit
from bot.model import ChatRef, IncomingEvent, MessageRef, OutgoingMessage
from bot.stores.core import ConversationState, StepMovedOnError
from bot.stores.ideas import IDEAS
from bot.stores.submissions import SUBMISSIONS
from storage.repos.core import SqlConversationStore
from storage.sql import SqlStorage, SqlUnitOfWork
from tests.commands.submit_support import (
    officer_notices,
    send_submission,
    start_submit,
    submit_config,
    telegram_fake,
)
from tests.support import FrozenClock, running_app


@pytest.fixture
def failing_commits(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """While the list holds True, every commit of a unit that wrote something fails."""
    failing: list[bool] = []
    real = SqlUnitOfWork.commit

    async def commit(self: SqlUnitOfWork) -> None:
        if failing and self._session is not None and self._session.in_transaction():
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        await real(self)

    monkeypatch.setattr(SqlUnitOfWork, "commit", commit)
    return failing


async def test_a_failed_commit_is_reported_and_claims_nothing(
    app: App, fake: FakeAdapter, failing_commits: list[bool]
) -> None:
    failing_commits.append(True)
    await fake.command("/idea Free buses for carers on Sundays")
    [reply] = fake.pop_replies("ann")
    assert NOT_SAVED in reply.text
    assert "/idea Free buses for carers on Sundays" in reply.text  # what they typed is kept
    assert "recorded" not in reply.text
    assert APOLOGY not in reply.text
    failing_commits.clear()
    async with app.storage.unit() as uow:
        assert await uow.get(IDEAS).open_ideas() == []
    await fake.command("/idea Free buses for carers on Sundays")
    assert "idea #1 is recorded" in fake.pop_replies("ann")[-1].text


async def test_a_failed_commit_keeps_the_conversation_at_its_step(
    sqlite_url: str, clock: FrozenClock, failing_commits: list[bool]
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await start_submit(fake)
        await fake.press("NPF consultation submission")
        await fake.press("Safer streets")
        assert "Step 3 of 8: the title" in fake.pop_replies("ann")[-1].text
        failing_commits.append(True)
        await fake.say("Night buses for shift workers")
        [refused] = fake.pop_replies("ann")
        assert NOT_SAVED in refused.text
        assert "Night buses for shift workers" in refused.text
        assert "Step 4" not in refused.text
        failing_commits.clear()
        await fake.say("Night buses for shift workers")
        assert "Step 4 of 8" in fake.pop_replies("ann")[-1].text


class CheckingAdapter(FakeAdapter):
    """Fails a send made while the sending task has a pool connection checked out (that is,
    while its transaction is open)."""

    def watch(self, storage: SqlStorage) -> None:
        self.holders: dict[int, asyncio.Task[Any] | None] = {}
        self.checkouts = 0
        pool = storage.engine.sync_engine.pool
        event.listen(pool, "checkout", self._checkout)
        event.listen(pool, "checkin", self._checkin)

    def _checkout(self, _dbapi: Any, record: Any, _proxy: Any) -> None:
        self.holders[id(record)] = asyncio.current_task()
        self.checkouts += 1

    def _checkin(self, _dbapi: Any, record: Any) -> None:
        self.holders.pop(id(record), None)

    def _check(self) -> None:
        mine = [r for r, task in self.holders.items() if task is asyncio.current_task()]
        assert not mine, "a message was sent with a database connection checked out"

    async def send(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        self._check()
        return await super().send(chat, message)

    async def reply(self, event: IncomingEvent, message: OutgoingMessage) -> MessageRef:
        self._check()
        return await super().reply(event, message)


async def test_answers_and_notices_go_out_only_after_the_commit(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = CheckingAdapter(platform="telegram", officers={"olive"})
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        fake.watch(app.storage)  # type: ignore[arg-type]
        confirmation = await send_submission(fake)
        assert "is now with the officers for review" in confirmation
        assert officer_notices(fake)  # the officers were told, after the draft was stored
        await fake.command("/idea More benches in the park")
        assert "is recorded" in fake.pop_replies("ann")[-1].text
        assert fake.checkouts > 0
        assert fake.holders == {}


async def test_a_double_tap_creates_one_draft(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await start_submit(fake)
        await asyncio.gather(
            fake.press("NPF consultation submission"), fake.press("NPF consultation submission")
        )
        first, second = fake.pop_replies("ann")
        assert "Step 2 of 8" in first.text
        assert "earlier question" in second.text  # the second press met the step moved on
        async with app.storage.unit() as uow:
            drafts = await uow.get(SUBMISSIONS).authored_by(fake.identity("ann"))
    assert len(drafts) == 1


async def test_a_press_that_lost_a_race_in_another_process_is_told_so(
    sqlite_url: str, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a conflict on the conversation row (PostgreSQL, several processes: see
    tests/storage/test_core_stores.py) does: the whole event rolls back, so no draft is
    made, and the member is told the step has moved on."""
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await start_submit(fake)

        async def lost_the_race(self: SqlConversationStore, state: ConversationState) -> None:
            raise StepMovedOnError(str(state.key))

        monkeypatch.setattr(SqlConversationStore, "save", lost_the_race)
        await fake.press("NPF consultation submission")
        assert [s.text for s in fake.pop_replies("ann")] == [MOVED_ON]
        async with app.storage.unit() as uow:
            assert await uow.get(SUBMISSIONS).authored_by(fake.identity("ann")) == []


async def test_a_handler_cannot_commit_the_events_transaction(app: App) -> None:
    async with app.storage.unit() as uow:
        unit = EventUnit(uow)
        with pytest.raises(RuntimeError, match="in_own_unit"):
            await unit.commit()
