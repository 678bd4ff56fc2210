"""Routing, role refusals, private-only commands, and errors that never kill the bot."""

from __future__ import annotations

import logging

import pytest

from adapters.fake import FakeAdapter
from bot.app import App, build_router
from bot.commands import Access, CommandSpec, Where
from bot.config import Config
from bot.context import Context
from bot.model import Capabilities, Choice, CommandEvent
from bot.router import Router
from tests.support import FrozenClock, running_app

OFFICER_ONLY = CommandSpec("secret", "Officers only", access=Access.OFFICER)
PRIVATE_ONLY = CommandSpec("diary", "Private only", where=Where.PRIVATE)
BROKEN = CommandSpec("broken", "Always fails")


def router_with_extras() -> Router:
    extras = Router("extras")

    @extras.command(OFFICER_ONLY)
    async def secret(ctx: Context) -> None:
        await ctx.reply("the officers' secret")

    @extras.command(PRIVATE_ONLY)
    async def diary(ctx: Context) -> None:
        await ctx.reply("dear diary")

    @extras.command(BROKEN)
    async def broken(ctx: Context) -> None:
        raise RuntimeError("boom")

    root = build_router()
    root.include(extras)
    return root


async def test_member_is_refused_an_officer_command_with_a_clear_reply(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    async with running_app(config, fake, clock=clock, router=router_with_extras()):
        await fake.command("/secret", user="ann")
        assert "for officers only" in fake.pop().text
        await fake.command("/secret", user="olive")
        assert fake.pop().text == "the officers' secret"


async def test_help_lists_only_what_the_user_may_run(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    async with running_app(config, fake, clock=clock, router=router_with_extras()):
        await fake.command("/help", user="ann")
        member_help = fake.pop().text
        await fake.command("/help", user="olive")
        officer_help = fake.pop().text
    assert "/secret" not in member_help
    assert "/secret" in officer_help
    assert "/whoami" in member_help


async def test_private_command_in_a_group_invites_to_a_private_chat(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    async with running_app(config, fake, clock=clock, router=router_with_extras()):
        await fake.command("/diary", user="ann", group="g1")
        reply = fake.pop().text
        assert "private" in reply
        assert "https://fake.invalid/start?diary" in reply


async def test_adapter_with_private_replies_runs_private_commands_in_groups(
    config: Config, clock: FrozenClock
) -> None:
    fake = FakeAdapter(capabilities=Capabilities(private_replies_in_groups=True))
    async with running_app(config, fake, clock=clock, router=router_with_extras()):
        await fake.command("/diary", user="ann", group="g1")
        assert fake.pop().text == "dear diary"


async def test_an_error_gives_an_apology_and_the_bot_keeps_running(
    config: Config, fake: FakeAdapter, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_app(config, fake, clock=clock, router=router_with_extras()):
        with caplog.at_level(logging.ERROR):
            await fake.command("/broken")
        assert "Sorry, something went wrong" in fake.pop().text
        assert "boom" in caplog.text
        assert "Traceback" in caplog.text
        await fake.command("/whoami")
        assert "Ann" in fake.pop().text


async def test_unknown_command_and_stray_text(app: App, fake: FakeAdapter) -> None:
    await fake.command("/nosuch")
    assert "I don't know /nosuch" in fake.pop().text
    await fake.say("hello?")
    assert "/help" in fake.pop().text
    await fake.say("chatter in the group", group="g1")
    assert fake.pop_all() == []


async def test_help_for_one_command(app: App, fake: FakeAdapter) -> None:
    await fake.command("/help conduct")
    text = fake.pop().text
    assert "/conduct" in text
    assert "Example" in text
    await fake.command("/help nosuch")
    assert "no command /nosuch" in fake.pop().text


async def test_commands_synced_to_adapters(app: App, fake: FakeAdapter) -> None:
    names = {spec.name for spec in fake.synced}
    assert {"start", "help", "whoami", "conduct", "training", "cancel"} <= names


async def test_autocomplete_suggestions_come_from_the_registered_lookup(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    extras = Router("suggest")

    @extras.autocomplete("colours")
    async def colours(ctx: Context, current: str) -> list[Choice]:
        names = ["red", "green", "blue"] + (["secret"] if ctx.is_officer else [])
        return [Choice(n.title(), n) for n in names if n.startswith(current)]

    root = build_router()
    root.include(extras)
    async with running_app(config, fake, clock=clock, router=root) as app:
        event = CommandEvent(sender=fake.identity("ann"), chat=fake.chat("ann"), name="x")
        assert await app.dispatcher.suggest(event, fake, "colours", "") == [
            Choice("Red", "red"),
            Choice("Green", "green"),
            Choice("Blue", "blue"),
        ]
        officer = CommandEvent(sender=fake.identity("olive"), chat=fake.chat("olive"), name="x")
        assert await app.dispatcher.suggest(officer, fake, "colours", "s") == [
            Choice("Secret", "secret")
        ]
        assert await app.dispatcher.suggest(event, fake, "nothing", "") == []


def test_shorten_keeps_short_text_and_cuts_long_text() -> None:
    from bot.richtext import shorten

    assert shorten("9am") == "9am"
    long = shorten("x " * 50_000)
    assert len(long) <= 60
    assert long.endswith("…")
