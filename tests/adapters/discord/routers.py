"""Small features the Discord tests drive: the tea flow, an officer command, an echo, a
slow command, one that fails, and one offering many choices."""

from __future__ import annotations

import asyncio

from bot.commands import Access, ArgSpec, CommandSpec
from bot.context import Context
from bot.model import Attachment, Choice, OutgoingMessage
from bot.richtext import p
from bot.router import Router
from bot.targets import announce_chats
from tests.bot.test_conversation import tea_router

PURGE = CommandSpec("purge", "Officers only: tidy up", access=Access.OFFICER)
ECHO = CommandSpec(
    "echo", "Say it back", args=(ArgSpec("text", "What to say", required=True, rest=True),)
)
SLOW = CommandSpec("slow", "Answers only when the test says so")
BROKEN = CommandSpec("broken", "Always fails")
MANY = CommandSpec("many", "Offers thirty choices")
EXPORT = CommandSpec("export", "Sends a file")


def feature_router(slow_gate: asyncio.Event) -> Router:
    """The core features, the tea flow, and the commands above; /slow waits for the gate."""
    router = Router("discord-tests")

    @router.command(PURGE)
    async def purge(ctx: Context) -> None:
        await ctx.reply("Purged.")

    @router.command(ECHO)
    async def echo(ctx: Context) -> None:
        message = OutgoingMessage(blocks=(p(ctx.sender.display_name, " said: ", ctx.args),))
        await ctx.reply(message)
        for chat in announce_chats(ctx.config):
            await ctx.send(chat, message)

    @router.command(SLOW)
    async def slow(ctx: Context) -> None:
        await slow_gate.wait()
        await ctx.reply("Finally done.")

    @router.command(BROKEN)
    async def broken(ctx: Context) -> None:
        raise RuntimeError("this command is broken on purpose")

    @router.command(MANY)
    async def many(ctx: Context) -> None:
        choices = tuple(Choice(f"Option {n}", f"many:{n}") for n in range(1, 31))
        await ctx.reply(OutgoingMessage.text("Pick one:", choices=choices))

    @router.action("many")
    async def picked(ctx: Context, argument: str) -> None:
        await ctx.reply(f"You picked {argument}.")

    @router.command(EXPORT)
    async def export(ctx: Context) -> None:
        file = Attachment("draft.txt", b"My draft\n", "text/plain")
        await ctx.reply(OutgoingMessage(blocks=(p("Your export:"),), attachment=file))

    root = tea_router()
    root.include(router)
    return root
