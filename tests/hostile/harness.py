"""One running app for a whole test module, driven example after example.

Hypothesis runs a test function many times; building the app (migrations, routers) for
each example would take most of the time budget. So a module builds one `Hostile` (an
app on SQLite with a Telegram-like and a Discord-like fake adapter, on its own event loop)
and each example drives it synchronously through `run`. Every error the bot logs and every
message it sends is collected; `verdict` says what went wrong since the last call.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from adapters.fake import FakeAdapter, Sent
from bot.app import App
from bot.config import Config
from bot.middleware import APOLOGY
from bot.model import Capabilities
from bot.stores import UnitOfWork
from storage.sql import SqlStorage
from tests.hostile.limits import problems
from tests.support import FrozenClock, make_config

T = TypeVar("T")
OFFICER = "olive"
MEMBER = "ann"
GROUP = "-100"
"""The members' Telegram group (also an announce chat); Discord's is channel 555."""
DISCORD_GROUP = "555"
OFFICERS_CHAT = "-999"


def hostile_config(storage_url: str) -> Config:
    return make_config(
        storage_url,
        clp={"name": "Testshire CLP"},
        telegram={
            "enabled": True,
            "token": "1:x",
            "announce_chats": [int(GROUP)],
            "officers_chat": int(OFFICERS_CHAT),
        },
        discord={
            "enabled": True,
            "token": "x",
            "guild_ids": [1],
            "announce_channels": [int(DISCORD_GROUP)],
        },
    )


def telegram_like() -> FakeAdapter:
    caps = Capabilities(buttons=True, edits=True, direct_messages=True, files=True)
    return FakeAdapter(platform="telegram", capabilities=caps, officers={OFFICER})


def discord_like() -> FakeAdapter:
    caps = Capabilities(
        buttons=True,
        forms=True,
        edits=True,
        direct_messages=True,
        files=True,
        private_replies_in_groups=True,
        max_message_length=2000,
    )
    return FakeAdapter(platform="discord", capabilities=caps, officers={OFFICER})


class ErrorLog(logging.Handler):
    """Every ERROR the bot logs (the dispatcher's report of a crash among them)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self) -> list[str]:
        out = []
        for record in self.records:
            error = record.exc_info[1] if record.exc_info else None
            out.append(f"{record.getMessage()}: {error!r}"[:500])
        return out


class Hostile:
    def __init__(self, tmp: Path) -> None:
        self.runner = asyncio.Runner()
        self.clock = FrozenClock()
        self.config = hostile_config(f"sqlite+aiosqlite:///{tmp / 'hostile.sqlite3'}")
        self.telegram = telegram_like()
        self.discord = discord_like()
        self.fakes = {"telegram": self.telegram, "discord": self.discord}
        self.errors = ErrorLog()
        self.app = App(
            self.config,
            adapters=[self.telegram, self.discord],
            storage=SqlStorage(self.config.storage.url),
            clock=self.clock,
        )
        self._seen = dict.fromkeys(self.fakes, 0)

    def start(self) -> None:
        logging.getLogger("clpbot").addHandler(self.errors)
        self.run(self.app.start())

    def stop(self) -> None:
        try:
            self.run(self.app.stop())
        finally:
            self.runner.close()
            logging.getLogger("clpbot").removeHandler(self.errors)

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return self.runner.run(work)

    def unit(self) -> Any:
        return self.app.storage.unit()

    async def settle(self) -> None:
        """Let the outbox deliver what the last event queued."""
        await self.app.services.outbox.deliver_pending()

    def new_messages(self) -> list[Sent]:
        fresh: list[Sent] = []
        for name, fake in self.fakes.items():
            fresh += fake.sent[self._seen[name] :]
            self._seen[name] = len(fake.sent)
        return fresh

    def verdict(self) -> list[str]:
        """What went wrong since the last verdict: crashes, apologies, unsendable messages."""
        found = self.errors.describe()
        self.errors.records.clear()
        for sent in self.new_messages():
            if APOLOGY in sent.text:
                found.append(f"the apology was sent to {sent.chat.chat_id}")
            found += [f"to {sent.chat.chat_id}: {p}" for p in problems(sent.message)]
        return found

    def assert_clean(self, what: str) -> None:
        found = self.verdict()
        assert not found, f"{what}:\n" + "\n".join(found[:10])


@contextmanager
def hostile_app(tmp: Path) -> Iterator[Hostile]:
    bot = Hostile(tmp)
    bot.start()
    try:
        yield bot
    finally:
        bot.stop()


async def table_dump(uow: UnitOfWork) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (SQLite), to show that a refused action changed nothing."""
    from sqlalchemy import text

    session = uow.session  # type: ignore[attr-defined]
    names = (
        await session.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
    ).scalars()
    dump: dict[str, list[tuple[Any, ...]]] = {}
    for name in sorted(names):
        rows = await session.execute(text(f'SELECT * FROM "{name}"'))
        dump[name] = sorted((tuple(r) for r in rows), key=repr)
    return dump


async def seed(bot: Hostile) -> None:
    """One of everything, made the way members and officers make them, so that numbers
    typed in the tests name real records: an event, a consultation, an idea, a poll and a
    submitted draft (all #1)."""
    from tests.commands.events_support import add_event
    from tests.commands.submit_support import PROBLEM, PROPOSAL

    tg = bot.telegram
    await add_event(tg, capacity="2")
    await tg.command(
        "/consultation add Safer streets | safer | https://forum.example.org/c/1 "
        "| today | in 9 days",
        user=OFFICER,
    )
    await tg.press("Save and announce", user=OFFICER)
    await tg.command("/idea Night buses for shift workers", user=MEMBER)
    await tg.command("/idea 2: Free school meals for all", user="bob")
    poll = ("/poll", "Which campaign first?", "Buses\nHousing\nNHS")
    for n, line in enumerate(poll):
        await (tg.command if n == 0 else tg.say)(line, user=OFFICER, group=GROUP)
    for label in ("single", "anonymous", "hidden", "default", "done", "post"):
        await tg.press(label, user=OFFICER, group=GROUP)
    for author in (MEMBER, "bob"):  # drafts #1 and #2, both sent for review
        await tg.command("/submit", user=author)
        for press in ("I agree to follow it", "submission", "commission-3", "consultation-1"):
            await tg.press(press, user=author)
        for answer in ("Night buses", PROBLEM, PROPOSAL):
            await tg.say(answer, user=author)
        for press in ("Skip (optional)", "No co-authors", "No, only officers may see my name"):
            await tg.press(press, user=author)
        await tg.press("Send it for review", user=author)
    await tg.command("/rsvp 1", user="bob")
    await bot.settle()
