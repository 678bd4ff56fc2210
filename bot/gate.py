"""Who may use an entry point, and where: the one check every event passes.

Every command, subcommand, button action and conversation flow declares an `Access` (every
member, or the holders of one permission: see bot.permissions) and a `Where` (anywhere, or
private only). A person's permissions are those of the offices they hold (stored, by
person, so on every linked account) or all of them for an officer by the platform. The
dispatcher asks `admit` before any handler runs, however the event arrived (typed, a
`/start PAYLOAD` deep link, a button, a form, a typed answer), so no feature repeats it.

In a group where the platform cannot answer one person privately (Telegram; a Discord
answer is ephemeral):

- a private-only thing asked by a member answers with the link to the private chat and
  nothing else;
- asked by an officer, it runs with the event moved to the officer's private chat (a
  person target: their account), with a short note in the group: draft text, access needs
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
from bot.model import ButtonEvent, OutgoingMessage, person_target

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
    missing = [needed for needed in door.access if not needed.allows(ctx.permissions)]
    if missing:
        await refuse(ctx, refusal(door.what, missing[0]))
        return False
    if not door.private or not shows_to_others(ctx):
        return True
    if ctx.is_officer:
        return await _move_to_private(ctx, door)
    await ctx.reply(invitation(ctx, door))
    return False


def refusal(what: str, needed: Access) -> str:
    permission = needed.permission
    why = f" (it needs “{permission.label}”, which your offices do not give)" if permission else ""
    return f"Sorry, {what} is for officers only{why}. Type /help to see what you can do."


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
    """A refusal reaches only the person refused (sent after the event's commit, as every
    answer is: no transaction waits on the platform)."""
    if not shows_to_others(ctx):
        await ctx.reply(text)
        return
    event = ctx.event

    async def privately() -> None:
        try:
            await ctx.adapter.send_to(ctx.sender, OutgoingMessage.text(text))
        except DeliveryError as error:
            log.info("could not refuse privately: %s", error)
            why = "I have an answer for you that only you should see."
            await ctx.adapter.reply(event, OutgoingMessage.text(_no_private_chat(ctx, why)))

    await ctx.deliver(privately)


async def _move_to_private(ctx: Context, door: Entry) -> bool:
    """Run the handler for the officer's private chat, addressed by account: on Telegram,
    where this happens, that chat has the member's own id, so their typed answers there
    continue what starts here. The intro goes first, then a note in the group (or, if they
    never opened a private chat with the bot, only where to find it); like every answer,
    after the event's commit."""
    command = door.what if door.what.startswith("/") else None
    asked = f"You asked for {command}" if command else "You pressed a button"
    intro = OutgoingMessage.text(f"{asked} in a group: I answer here, where only you can read it.")
    group_event = ctx.event

    async def introduce() -> None:
        try:
            await ctx.adapter.send_to(ctx.sender, intro)
        except DeliveryError as error:
            log.info("could not move %s to a private chat: %s", door.what, error)
            shows = f"{command} shows" if command else "That shows"
            note = _no_private_chat(ctx, f"{shows} what only you should read.")
        else:
            note = (
                f"I have sent {command} to you privately."
                if command
                else "I have answered you privately."
            )
        await ctx.adapter.reply(group_event, OutgoingMessage.text(note))

    await ctx.deliver(introduce)
    moved = dataclasses.replace(group_event, chat=person_target(ctx.sender))
    if isinstance(moved, ButtonEvent):
        moved = dataclasses.replace(moved, message=None)  # never edit the group's message
    ctx.event = moved
    return True


def _no_private_chat(ctx: Context, why: str) -> str:
    link = ctx.adapter.private_link("start")
    where = f": {link}" if link else "."
    return f"{why} Open a private chat with me first{where} Then ask again."
