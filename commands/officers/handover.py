"""/officers add and /officers remove: the hand-over after an AGM, inside the bot.

A member is picked by account (a mention or `platform:id`, as co-authors are), then the
office, then a confirmation. The holding is stored by person, so it counts from the next
event on every account they linked; the new officer is told privately what they can now
do, and every change goes into the audit log with the change itself.
"""

from __future__ import annotations

from typing import Any

from bot import conversation
from bot.audit import audit
from bot.commands import Access, Where, record_number
from bot.context import Context
from bot.conversation import Answer, Finish, Flow, FlowContext, Goto, Retry, Step, Transition
from bot.model import Choice, Identity, OutgoingMessage, person_target
from bot.richtext import b, bullets, p
from bot.stores.accounts import ACCOUNTS
from bot.stores.offices import OFFICES, Holding
from commands.officers.people import HOW_TO_NAME, picked
from commands.officers.render import office_powers
from commands.officers.roster import holder_line
from commands.officers.specs import OFFICERS, router

CANCEL, CONFIRM = "cancel", "confirm"
NOTHING_CHANGED = Finish(OutgoingMessage.text("Nothing changed."))


def _who(data: dict[str, Any]) -> Identity:
    return Identity(data["platform"], data["user_id"], data["name"])


def _keep(data: dict[str, Any], who: Identity) -> None:
    data.update(platform=who.platform, user_id=who.user_id, name=who.display_name)


async def ask_who(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage(
        blocks=(p("Who takes an office?"), p(HOW_TO_NAME)), choices=(Choice("Cancel", CANCEL),)
    )


async def got_who(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == CANCEL:
        return NOTHING_CHANGED
    who = await picked(f.ctx, answer.text)
    if isinstance(who, str):
        return Retry(who)
    _keep(f.data, who)
    return Goto("office")


async def ask_office(f: FlowContext) -> OutgoingMessage:
    offices = list(f.ctx.config.offices)
    choices = [Choice(name, f"office:{n}") for n, name in enumerate(offices)]
    return OutgoingMessage(
        blocks=(p("Which office does ", b(f.data["name"]), " take?"),),
        choices=(*choices, conversation.back_choice(), Choice("Cancel", CANCEL)),
    )


async def got_office(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == CANCEL:
        return NOTHING_CHANGED
    offices = list(f.ctx.config.offices)
    number = record_number((answer.choice or "").removeprefix("office:"))
    if number is None or number >= len(offices):
        return Retry("Please press one of the offices.")
    f.data["office"] = offices[number]
    return Goto("confirm")


async def ask_confirm(f: FlowContext) -> OutgoingMessage:
    office, name = f.data["office"], f.data["name"]
    return OutgoingMessage(
        blocks=(
            p("Make ", b(name), f" ({f.data['platform'].title()}) ", b(office), "?"),
            p(f"As {office} they will be able to: {office_powers(f.ctx.config, office)}."),
            p("It counts at once on every account they linked, and the audit log records it."),
        ),
        choices=(
            Choice("Confirm", CONFIRM),
            conversation.back_choice(),
            Choice("Cancel", CANCEL),
        ),
    )


async def got_confirm(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice != CONFIRM:
        return NOTHING_CHANGED
    return Finish(await grant(f.ctx, _who(f.data), f.data["office"]))


async def grant(ctx: Context, who: Identity, office: str) -> OutgoingMessage:
    person = await ctx.uow.get(ACCOUNTS).person_of(who, ctx.now())
    holding = await ctx.uow.get(OFFICES).grant(Holding(office, person, ctx.sender.key, ctx.now()))
    if holding is None:
        return OutgoingMessage.text(f"{who.display_name} already holds {office}: nothing changed.")
    await audit(ctx, "office.grant", who.display_name, f"{office} to {who.key}")
    powers = office_powers(ctx.config, office)
    news = OutgoingMessage(
        blocks=(
            p(f"You are now {office} of {ctx.config.clp.name} in this bot."),
            p(f"You can now: {powers}."),
            p("Type /help to see your commands; /whoami shows your offices."),
        )
    )
    key = f"office:{holding.id}:granted"
    await ctx.services.outbox.post(ctx.uow, key, [person_target(who)], news)
    return OutgoingMessage.text(
        f"Done: {who.display_name} is now {office} (holding #{holding.id}). They have been"
        " told privately what they can now do."
    )


ADD_FLOW = router.flow(
    Flow(
        "officers-add",
        (
            Step("who", ask_who, got_who),
            Step("office", ask_office, got_office, text_allowed=False),
            Step("confirm", ask_confirm, got_confirm, text_allowed=False),
        ),
        access=Access.OFFICERS,
        where=Where.PRIVATE,
        command="officers add",
    )
)


@router.subcommand(OFFICERS, "add")
async def add(ctx: Context) -> None:
    if not ctx.args.strip():
        await conversation.start(ctx, ADD_FLOW)
        return
    who = await picked(ctx, ctx.args)
    if isinstance(who, str):
        await ctx.reply(who)
        await conversation.start(ctx, ADD_FLOW)
        return
    data: dict[str, Any] = {}
    _keep(data, who)
    await conversation.start(ctx, ADD_FLOW, data, step="office", history=["who"])


REMOVE = "officers-remove"


@router.subcommand(OFFICERS, "remove")
async def remove(ctx: Context) -> None:
    number = record_number(ctx.args)
    if number is not None:
        await ask_remove(ctx, number)
        return
    holdings = await ctx.uow.get(OFFICES).holdings()
    if not holdings:
        await ctx.reply("Nobody holds an office in the bot yet. /officers add gives one.")
        return
    lines = [f"{h.office}: {await holder_line(ctx, h)}" for h in holdings]
    choices = tuple(Choice(f"Remove #{h.id}", f"{REMOVE}:{h.id}") for h in holdings[:20])
    await ctx.reply(
        OutgoingMessage(
            blocks=(p(b("Which office should I take back?")), bullets(*lines)),
            choices=choices,
        )
    )


async def ask_remove(ctx: Context, number: int) -> None:
    holding = await ctx.uow.get(OFFICES).get(number)
    if holding is None:
        await ctx.reply(f"There is no holding #{number}. Type /officers to see who holds what.")
        return
    await ctx.reply(
        OutgoingMessage(
            blocks=(p(f"Take {holding.office} from {await holder_line(ctx, holding)}?"),),
            choices=(
                Choice("Remove", f"{REMOVE}:{number}:yes"),
                Choice("Keep", f"{REMOVE}:{number}:no"),
            ),
        )
    )


@router.action(REMOVE, access=Access.OFFICERS, where=Where.PRIVATE)
async def remove_button(ctx: Context, argument: str) -> None:
    number_text, _, what = argument.partition(":")
    number = record_number(number_text)
    if number is None:
        await ctx.reply("I did not understand that button. Type /officers remove.")
    elif what == "yes":
        await revoke(ctx, number)
    elif what == "no":
        await ctx.reply("Kept: nothing changed.")
    else:
        await ask_remove(ctx, number)


async def revoke(ctx: Context, number: int) -> None:
    offices = ctx.uow.get(OFFICES)
    holding = await offices.get(number)
    if holding is None or not await offices.revoke(number):
        await ctx.reply(f"Holding #{number} is already gone. Type /officers to see who holds what.")
        return
    identities = await ctx.uow.get(ACCOUNTS).identities(holding.person_id)
    name = identities[0].display_name if identities else "(an erased member)"
    keys = ", ".join(i.key for i in identities)
    await audit(ctx, "office.remove", name, f"{holding.office} from {keys}")
    if identities:
        left = [h.office for h in await offices.of_person(holding.person_id)]
        still = f" You still hold: {', '.join(left)}." if left else ""
        news = OutgoingMessage.text(
            f"You no longer hold {holding.office} of {ctx.config.clp.name} in this bot.{still}"
        )
        key = f"office:{number}:removed"
        await ctx.services.outbox.post(ctx.uow, key, [person_target(identities[0])], news)
    await ctx.reply(f"Done: {name} no longer holds {holding.office}. They have been told.")
