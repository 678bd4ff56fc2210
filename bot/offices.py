"""The holders of a permission, as people to tell privately.

For features that must reach, say, whoever does equalities review or moderates ideas:
the members holding an office that gives the permission (from the offices table), one
account each (the first linked account, by platform), addressed as a person target.
The officers named by the platforms or the config are not listed here (the bot cannot
enumerate a chat's admins or a role's members): reach them through the officers' chats
(`bot.targets.officer_chats`).
"""

from __future__ import annotations

from bot.config import Config
from bot.model import Identity
from bot.permissions import Permission
from bot.stores import UnitOfWork
from bot.stores.accounts import ACCOUNTS
from bot.stores.offices import OFFICES


def offices_with(config: Config, permission: Permission) -> list[str]:
    return [office for office, given in config.offices.items() if permission in given]


async def holders_of(uow: UnitOfWork, config: Config, permission: Permission) -> list[Identity]:
    """One account per person holding an office that gives `permission`."""
    holdings = await uow.get(OFFICES).holders_of(offices_with(config, permission))
    people: list[Identity] = []
    seen: set[int] = set()
    for holding in holdings:
        if holding.person_id in seen:
            continue
        seen.add(holding.person_id)
        accounts = await uow.get(ACCOUNTS).identities(holding.person_id)
        if accounts:
            people.append(accounts[0])
    return people
