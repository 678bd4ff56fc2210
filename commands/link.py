"""/link: one member on Discord and Telegram is one person (one vote per poll).

`/link` on one platform gives a one-time code (random, stored only as a hash, expiring after
`[polls] link_code_minutes`); `/link CODE` on the other platform joins the two accounts.
Votes in open polls and supports of ideas follow; where both accounts had voted in the
same poll, the vote of the account that made the code is kept, so the person counts once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from bot.commands import ArgSpec, CommandSpec, Where
from bot.context import Context
from bot.model import OutgoingMessage
from bot.router import Router
from bot.stores.accounts import ACCOUNTS, LinkCode
from bot.stores.ideas import IDEAS
from bot.stores.offices import OFFICES
from bot.stores.polls import POLLS
from bot.stores.reports import REPORTS
from commands.personal import person_id, tell_privately
from commands.polls.voting import voter_key

router = Router("link")

LINK = CommandSpec(
    "link",
    "Link your Discord and Telegram accounts, so you vote once",
    args=(ArgSpec("code", "The code /link gave you on your other platform"),),
    where=Where.PRIVATE,
    help="Type /link on one platform to get a one-time code, then /link CODE on the other. "
    "Your accounts then count as one member: one vote per poll, one support per idea.",
    example="/link K7QW-M3XD",
)
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I/L to misread


def new_code() -> str:
    letters = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def code_hash(code: str) -> str:
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(f"clpbot-link:{normal}".encode()).hexdigest()


@router.command(LINK)
async def link(ctx: Context) -> None:
    typed = ctx.args.strip()
    if typed:
        await _redeem(ctx, typed)
        return
    minutes = ctx.config.polls.link_code_minutes
    code = new_code()
    person = await person_id(ctx)
    expires = ctx.now() + timedelta(minutes=minutes)
    await ctx.uow.get(ACCOUNTS).save_code(
        code_hash(code), LinkCode(person, ctx.sender.platform, expires)
    )
    await tell_privately(
        ctx,
        OutgoingMessage.text(
            f"Your link code: {code}",
            f"On your other platform, send me /link {code} within {minutes:g} minutes."
            " Keep it to yourself: whoever enters it is joined to your account.",
        ),
    )


async def _redeem(ctx: Context, typed: str) -> None:
    accounts = ctx.uow.get(ACCOUNTS)
    code = await accounts.take_code(code_hash(typed), ctx.now())
    if code is None:
        await ctx.reply(
            "That code is not valid or has expired. Type /link on your other platform for a"
            " new one, then enter it here."
        )
        return
    mine = await person_id(ctx)
    if code.person_id == mine:
        await ctx.reply("These accounts are already linked.")
        return
    theirs = {who.platform for who in await accounts.identities(code.person_id)}
    clash = theirs & {who.platform for who in await accounts.identities(mine)}
    if clash:
        await ctx.reply(
            "Enter the code on your other platform: that account already has a"
            f" {', '.join(sorted(clash))} account linked, and a member has one per platform."
        )
        return
    await _merge_people(ctx, keep=code.person_id, gone=mine)
    linked = " and ".join(who.platform.title() for who in await accounts.identities(code.person_id))
    await ctx.reply(
        f"Linked: your {linked} accounts are now one member. You vote once in each poll and"
        " support each idea once, whichever you use."
    )


async def _merge_people(ctx: Context, keep: int, gone: int) -> None:
    polls = ctx.uow.get(POLLS)
    for poll in await polls.open_polls():
        assert poll.id is not None
        secret = await polls.secret(poll.id)
        if secret is not None:
            owner = None if poll.anonymous else keep
            await polls.rekey(poll.id, voter_key(secret, gone), voter_key(secret, keep), owner)
    await ctx.uow.get(IDEAS).merge_people(keep, gone)
    await ctx.uow.get(OFFICES).merge_people(keep, gone)
    await ctx.uow.get(REPORTS).merge_people(keep, gone)
    await ctx.uow.get(ACCOUNTS).merge(keep, gone)
