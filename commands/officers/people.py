"""Whom an officer means: an account the platform resolved from a mention, or one typed
as `platform:id` that the bot already knows; never a display name (anyone can take one)."""

from __future__ import annotations

import re

from bot.context import Context
from bot.model import Identity
from bot.stores.accounts import ACCOUNTS

ACCOUNT_ID = re.compile(r"([a-z]{2,16}):([\w.-]{1,64})", re.I)

HOW_TO_NAME = (
    "Mention them with @ and their username (on Telegram or Discord), or give their"
    " account as platform:id, for example telegram:12345 (they can see it with /whoami)."
)


async def picked(ctx: Context, text: str) -> Identity | str:
    """The one account `text` names, or what to tell the officer instead."""
    typed = text.strip()
    if not typed:
        return f"Who takes the office? {HOW_TO_NAME}"
    mentioned = {m.person.key: m.person for m in ctx.event.mentions if m.text in typed}
    if len(mentioned) > 1:
        return "Name one member at a time, please."
    if mentioned:
        return next(iter(mentioned.values()))
    match = ACCOUNT_ID.fullmatch(typed)
    if match is None:
        return (
            f"I can't tell who “{typed[:40]}” is: a name is not enough. {HOW_TO_NAME} If I"
            " still can't find them, ask them to send me /start first."
        )
    platform, user_id = match.group(1).lower(), match.group(2)
    accounts = ctx.uow.get(ACCOUNTS)
    person = await accounts.find_person(Identity(platform, user_id, ""))
    if person is None:
        return (
            f"I don't know the account {platform}:{user_id} yet. Ask them to send me /start"
            " (or /whoami) first, then try again."
        )
    found = next(
        (i for i in await accounts.identities(person) if i.key == f"{platform}:{user_id}"), None
    )
    return found or Identity(platform, user_id, f"{platform}:{user_id}")


def described(identities: list[Identity]) -> str:
    """ "Ann (Telegram, Discord)": a person by the names their accounts show."""
    if not identities:
        return "(an erased member)"
    names = sorted({i.display_name for i in identities})
    platforms = ", ".join(i.platform.title() for i in identities)
    return f"{' / '.join(names)} ({platforms})"
