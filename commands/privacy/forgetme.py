"""/forgetme: after a confirmation, erase the member's personal data in one transaction and
tell them exactly what was deleted, and what was kept and why."""

from __future__ import annotations

from datetime import timedelta

from bot.commands import CommandSpec, Where, whole_number
from bot.context import Context
from bot.model import Choice, OutgoingMessage
from bot.privacy import ERASED, ErasureReport, erase_all
from bot.richtext import Block, b, bullets, p
from bot.router import Router
from bot.stores.audit import AUDIT, AuditEntry
from commands.privacy.request import request_for

router = Router("privacy.forgetme")
CONFIRM_MINUTES = 30

FORGETME = CommandSpec(
    "forgetme",
    "Erase your personal data from the bot (asks first)",
    where=Where.PRIVATE,
    help="Erases what the bot holds about you on every linked account: unsent drafts, ideas,"
    " event replies, your ballots in open polls, subscriptions, your agreement to the code of"
    " conduct, linked accounts. What the CLP has already used (a submission sent to the"
    " Policy Forum, a motion put to the General Meeting, an idea turned into a poll) is kept"
    " without your name; you are told"
    " exactly what and why. Type /mydata first for a copy.",
    example="/forgetme",
)


@router.command(FORGETME)
async def forgetme(ctx: Context) -> None:
    stamp = int(ctx.now().timestamp())
    await ctx.reply(
        OutgoingMessage(
            blocks=(
                p(b("Erase your data?")),
                p("This erases what the bot holds about you, on every account linked to you:"),
                bullets(
                    "submissions and motions the officers have not approved, and your ideas",
                    "your replies to events (with any access needs), and your subscriptions",
                    "your ballots in open polls; votes in closed polls keep counting without"
                    " any link to you",
                    "your agreement to the code of conduct, and your linked accounts",
                ),
                p(
                    "What the CLP has already used is kept without your name, and I will tell"
                    " you exactly what. It cannot be undone: /mydata gives you a copy first."
                ),
            ),
            choices=(
                Choice("Yes, erase my data", f"forgetme:yes:{stamp}"),
                Choice("No, keep it", "forgetme:no"),
            ),
        )
    )


@router.action("forgetme", where=Where.PRIVATE)
async def confirm(ctx: Context, argument: str) -> None:
    answer, _, stamp = argument.partition(":")
    if answer == "no":
        await ctx.reply("Nothing was erased: your data is as it was.")
        return
    asked = whole_number(stamp, 0, 2**63) if answer == "yes" else None
    if (
        asked is None
        or ctx.now().timestamp() - asked > timedelta(minutes=CONFIRM_MINUTES).total_seconds()
    ):
        await ctx.reply(
            "That confirmation is no longer valid, so nothing was erased. Type /forgetme in a"
            " private chat with me to start again."
        )
        return
    req = await request_for(ctx)
    reports = await erase_all(ctx.services.registry.personal_data, req)
    await ctx.uow.get(AUDIT).add(  # that an erasure happened, never whose
        AuditEntry(
            ERASED, "", "member", "member.erase", "a member's data", ctx.now(), _counts(reports)
        )
    )
    ctx.uow.after_commit(ctx.services.outbox.wake)
    await ctx.reply(OutgoingMessage(blocks=report_blocks(reports)))


def _counts(reports: list[ErasureReport]) -> str:
    deleted = sum(len(r.deleted) for r in reports)
    kept = sum(len(r.kept) for r in reports)
    return f"{deleted} kinds of data deleted, {kept} records kept without the member"


def report_blocks(reports: list[ErasureReport]) -> tuple[Block, ...]:
    deleted = [line for r in reports for line in r.deleted]
    kept = [f"{k.what} {k.why}" for r in reports for k in r.kept]
    blocks: list[Block] = [p(b("Your data has been erased."))]
    if deleted:
        blocks += [p("Deleted:"), bullets(*deleted)]
    else:
        blocks.append(p("I held nothing about you to delete."))
    if kept:
        blocks += [p("Kept, and why:"), bullets(*kept)]
    else:
        blocks.append(p("Nothing about you was kept."))
    blocks.append(p("If you use the bot again, it starts afresh."))
    return tuple(blocks)
