"""The member behind an event, with every account linked to them, as a data request."""

from __future__ import annotations

from bot.context import Context
from bot.privacy import PersonalDataRequest
from bot.stores.accounts import ACCOUNTS
from commands.personal import person_id


async def request_for(ctx: Context) -> PersonalDataRequest:
    person = await person_id(ctx)
    identities = await ctx.uow.get(ACCOUNTS).identities(person)
    if not any(i.key == ctx.sender.key for i in identities):
        identities.append(ctx.sender)
    return PersonalDataRequest(ctx.services, ctx.uow, person, tuple(identities), ctx.now())
