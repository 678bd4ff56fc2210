"""200 members answering one /submit step at the same moment, on SQLite: nobody gets an
apology, no answer is lost (the core's transaction per event, bot.middleware, and SQLite's
transactions taking the write lock as they begin, storage.engine)."""

from __future__ import annotations

import asyncio

from adapters.fake import FakeAdapter
from bot.model import ChatRef, IncomingEvent, MessageRef, OutgoingMessage
from bot.stores.submissions import SUBMISSIONS
from tests.commands.submit_support import submit_config
from tests.support import FrozenClock, running_app

MEMBERS = [f"m{n}" for n in range(200)]


class RoundTripAdapter(FakeAdapter):
    """A send that gives the event loop away a few times, as a network round trip does, so
    that the members' events interleave everywhere they can."""

    async def send(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        await _round_trip()
        return await super().send(chat, message)

    async def reply(self, event: IncomingEvent, message: OutgoingMessage) -> MessageRef:
        await _round_trip()
        return await super().reply(event, message)


async def _round_trip() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def to_the_title_step(fake: FakeAdapter, user: str) -> None:
    """Reads nothing (the others' walks run meanwhile): presses find the user's buttons."""
    await fake.command("/submit", user=user)
    await fake.press("I agree to follow it", user=user)
    await fake.press("NPF consultation submission", user=user)
    await fake.press("Safer streets", user=user)


async def test_200_members_answering_at_once_are_all_heard(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = RoundTripAdapter(platform="telegram")
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await asyncio.gather(*(to_the_title_step(fake, user) for user in MEMBERS))
        fake.pop_all()
        await asyncio.gather(*(fake.say(f"Night buses for {user}", user=user) for user in MEMBERS))
        replies = fake.pop_all()
        assert not [r.text for r in replies if "Sorry" in r.text]
        for user in MEMBERS:
            [reply] = [r for r in replies if r.to_user == user or r.chat.chat_id == user]
            assert "Step 4 of 8" in reply.text
        async with app.storage.unit() as uow:
            store = uow.get(SUBMISSIONS)
            titles = [
                [d.title for d in await store.authored_by(fake.identity(user))] for user in MEMBERS
            ]
    assert titles == [[f"Night buses for {user}"] for user in MEMBERS]
