"""/officers: each office with what it may do and who holds it, then the platform roles."""

from __future__ import annotations

from bot.context import Context
from bot.model import OutgoingMessage
from bot.richtext import Block, b, bullets, p
from bot.stores.accounts import ACCOUNTS
from bot.stores.offices import OFFICES, Holding
from commands.officers.people import described
from commands.officers.render import office_powers, platform_officers
from commands.officers.specs import OFFICERS, router


async def holder_line(ctx: Context, holding: Holding) -> str:
    people = described(await ctx.uow.get(ACCOUNTS).identities(holding.person_id))
    since = holding.granted_at.astimezone(ctx.config.clp.zone)
    return f"#{holding.id} {people}, since {since:%d %b %Y}"


@router.command(OFFICERS)
@router.subcommand(OFFICERS, "list")
async def roster(ctx: Context) -> None:
    holdings = await ctx.uow.get(OFFICES).holdings()
    by_office: dict[str, list[Holding]] = {}
    for holding in holdings:
        by_office.setdefault(holding.office, []).append(holding)
    blocks: list[Block] = [p(b("The CLP's offices"))]
    for office in [*ctx.config.offices, *(o for o in by_office if o not in ctx.config.offices)]:
        held = [await holder_line(ctx, h) for h in by_office.get(office, [])]
        blocks.append(p(b(office), ": ", office_powers(ctx.config, office)))
        blocks.append(bullets(*(held or ["vacant"])))
    platform = platform_officers(ctx.config)
    if platform:
        blocks.append(p(b("Officers by platform role or config"), " (every permission):"))
        blocks.append(bullets(*platform))
    blocks.append(
        p("/officers add @username gives an office; /officers remove NUMBER takes one back.")
    )
    await ctx.reply(OutgoingMessage(blocks=tuple(blocks)))
