"""Who may use an entry point, and where: the one check every event passes.

Every command, subcommand, button action and conversation flow declares an `Access` (member
or officer) and a `Where` (anywhere, or private only). The dispatcher asks `admit` before
any handler runs, however the event arrived (typed, a `/start PAYLOAD` deep link, a button,
a form, a typed answer), so no feature repeats the check.

In a group where the platform cannot answer one person privately (Telegram; a Discord
answer is ephemeral):

- a private-only thing asked by a member answers with the link to the private chat and
  nothing else;
- asked by an officer, it runs with the event moved to the officer's private chat (found
  by messaging them there first), with a short note in the group: draft text, access needs
  and audit entries never reach a group, and any typed answer it needs comes privately,
  where privacy mode cannot hide it;
- a refusal goes to the member privately; if they have no private chat with the bot yet,
  the group gets a note that says nothing but where to find the bot.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from bot.adapter import DeliveryError
from bot.commands import Access, Where
from bot.context import Context
from bot.model import ButtonEvent, OutgoingMessage

log = logging.getLogger("clpbot.dispatch")


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry point as the gate sees it. `what` names it to people ("/review open",
    "that button"); `link` is the deep-link payload that reopens it privately."""

    what: str
    access: tuple[Access, ...]
    where: tuple[Where, ...]
    link: str = "start"

    @property
    def private(self) -> bool:
        return Where.PRIVATE in self.where


def entry(
    what: str, access: Iterable[Access], where: Iterable[Where], link: str = "start"
) -> Entry:
    return Entry(what, tuple(access), tuple(where), link)


def shows_to_others(ctx: Context) -> bool:
    """Would an answer here be seen by people other than the sender?"""
    return not ctx.chat.is_private and not ctx.adapter.capabilities.private_replies_in_groups


async def admit(ctx: Context, door: Entry) -> bool:
    """True if the handler may run now (in the sender's private chat when moved there)."""
    if not all(needed.allows(ctx.role) for needed in door.access):
        await refuse(
            ctx, f"Sorry, {door.what} is for officers only. Type /help to see what you can do."
        )
        return False
    if not door.private or not shows_to_others(ctx):
        return True
    if ctx.is_officer:
        return await _move_to_private(ctx, door)
    await ctx.reply(invitation(ctx, door))
    return False


def invitation(ctx: Context, door: Entry) -> str:
    link = ctx.adapter.private_link(door.link)
    where = (
        f"Open a private chat with me to continue: {link}"
        if link
        else "Please send me the command in a private chat."
    )
    subject = door.what if door.what.startswith("/") else "That"
    return f"{subject} is done in private, so nobody else sees your work. {where}"


async def refuse(ctx: Context, text: str) -> None:
    """A refusal reaches only the person refused."""
    if not shows_to_others(ctx):
        await ctx.reply(text)
        return
    try:
        await ctx.adapter.send_to(ctx.sender, OutgoingMessage.text(text))
    except DeliveryError as error:
        log.info("could not refuse privately: %s", error)
        await ctx.reply(_no_private_chat(ctx, "I have an answer for you that only you should see."))


async def _move_to_private(ctx: Context, door: Entry) -> bool:
    command = door.what if door.what.startswith("/") else None
    asked = f"You asked for {command}" if command else "You pressed a button"
    try:
        sent = await ctx.adapter.send_to(
            ctx.sender,
            OutgoingMessage.text(f"{asked} in a group: I answer here, where only you can read it."),
        )
    except DeliveryError as error:
        log.info("could not move %s to a private chat: %s", door.what, error)
        shows = f"{command} shows" if command else "That shows"
        await ctx.reply(_no_private_chat(ctx, f"{shows} what only you should read."))
        return False
    if not sent.chat.is_private:  # an adapter that cannot say where its private chat is
        await ctx.reply(invitation(ctx, door))
        return False
    await ctx.reply(
        f"I have sent {command} to you privately." if command else "I have answered you privately."
    )
    event = ctx.event
    moved = dataclasses.replace(event, chat=sent.chat)
    if isinstance(moved, ButtonEvent):
        moved = dataclasses.replace(moved, message=None)  # never edit the group's message
    ctx.event = moved
    return True


def _no_private_chat(ctx: Context, why: str) -> str:
    link = ctx.adapter.private_link("start")
    where = f": {link}" if link else "."
    return f"{why} Open a private chat with me first{where} Then ask again."
