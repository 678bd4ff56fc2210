"""The member behind an event, with every account linked to them, as a data request.

Looking creates nothing: /mydata or /forgetme from someone the bot holds no person for
(never seen, or just erased) asks about person `NOBODY`, who has nothing, and stores no
new person ("a member's first sight stores nothing").
"""

from __future__ import annotations

from bot.context import Context
from bot.privacy import PersonalDataRequest
from bot.stores.accounts import ACCOUNTS

NOBODY = 0
"""No person has id 0 (ids are 1 or more), so every section finds nothing for it."""


async def request_for(ctx: Context) -> PersonalDataRequest:
    accounts = ctx.uow.get(ACCOUNTS)
    person = await accounts.find_person(ctx.sender)
    if person is None:
        person = NOBODY
    identities = await accounts.identities(person)
    if not any(i.key == ctx.sender.key for i in identities):
        identities.append(ctx.sender)
    return PersonalDataRequest(ctx.services, ctx.uow, person, tuple(identities), ctx.now())
