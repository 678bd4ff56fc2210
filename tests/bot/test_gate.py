"""The gate: who may use an entry point and where, for commands, deep links, buttons and
flows, on a platform that cannot answer one person privately in a group (Telegram-like)."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.fake import FakeAdapter
from bot.adapter import DeliveryError
from bot.app import build_router
from bot.commands import Access, CommandSpec, Where
from bot.config import Config
from bot.context import Context
from bot.model import Identity, MessageRef, OutgoingMessage
from bot.router import Router
from tests.support import FrozenClock, running_app

DIARY = CommandSpec("diary", "Private only", where=Where.PRIVATE)
LEDGER = CommandSpec("ledger", "Officers only, private", access=Access.OFFICER, where=Where.PRIVATE)
GROUP = "-100"


@dataclass
class NoPrivateChats(FakeAdapter):
    """A platform user who never opened a private chat with the bot."""

    async def send_to(self, person: Identity, message: OutgoingMessage) -> MessageRef:
        raise DeliveryError("cannot initiate a conversation", permanent=True)


def router() -> Router:
    extras = Router("gate-tests")

    @extras.command(DIARY)
    async def diary(ctx: Context) -> None:
        await ctx.reply("dear diary")

    @extras.command(LEDGER)
    async def ledger(ctx: Context) -> None:
        await ctx.reply("the ledger")

    @extras.action("ledger", access=Access.OFFICER, where=Where.PRIVATE)
    async def ledger_button(ctx: Context, argument: str) -> None:
        await ctx.reply(f"ledger page {argument}")

    root = build_router()
    root.include(extras)
    return root


async def test_a_member_asking_in_a_group_gets_only_the_link(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    async with running_app(config, fake, clock=clock, router=router()):
        for line in ("/diary", "/start diary"):
            await fake.command(line, user="ann", group=GROUP)
            [invite] = fake.pop_all()
            assert invite.chat.chat_id == GROUP
            assert invite.text.startswith("/diary is done in private")
            assert "https://fake.invalid/start?diary" in invite.text
            assert not invite.message.choices


async def test_an_officer_asking_in_a_group_is_answered_privately(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    async with running_app(config, fake, clock=clock, router=router()):
        for line, shown in (("/ledger", "the ledger"), ("/start ledger", "the ledger")):
            await fake.command(line, user="olive", group=GROUP)
            first, note, answer = fake.pop_all()
            assert first.chat.is_private
            assert "You asked for /ledger in a group" in first.text
            assert (note.chat.chat_id, note.text) == (
                GROUP,
                "I have sent /ledger to you privately.",
            )
            assert (answer.chat.is_private, answer.text) == (True, shown)
        await fake.press("ledger:7", user="olive", group=GROUP)
        first, note, answer = fake.pop_all()
        assert (note.chat.chat_id, note.text) == (GROUP, "I have answered you privately.")
        assert (answer.chat.is_private, answer.text) == (True, "ledger page 7")


async def test_a_refusal_in_a_group_goes_privately(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    async with running_app(config, fake, clock=clock, router=router()):
        for line in ("/ledger", "/start ledger"):
            await fake.command(line, user="ann", group=GROUP)
            [refusal] = fake.pop_all()
            assert refusal.chat.is_private
            assert "/ledger is for officers only" in refusal.text
        await fake.press("ledger:7", user="ann", group=GROUP)
        [refusal] = fake.pop_all()
        assert refusal.chat.is_private
        assert "that button is for officers only" in refusal.text


async def test_without_a_private_chat_the_group_learns_nothing(
    config: Config, clock: FrozenClock
) -> None:
    fake = NoPrivateChats(officers={"olive"})
    async with running_app(config, fake, clock=clock, router=router()):
        await fake.command("/ledger", user="ann", group=GROUP)
        [note] = fake.pop_all()
        assert note.chat.chat_id == GROUP
        assert "officers" not in note.text
        assert "Open a private chat with me first: https://fake.invalid/start?start" in note.text
        await fake.command("/ledger", user="olive", group=GROUP)
        # the answer itself is addressed to Olive's account (which the platform refuses
        # after the commit); the group gets only where to find the bot
        [note] = [sent for sent in fake.pop_all() if sent.chat.chat_id == GROUP]
        assert "the ledger" not in note.text
        assert "Open a private chat with me first" in note.text
