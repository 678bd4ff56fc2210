"""/audit: officers read the latest entries of the audit log (privately)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.commands import Access, ArgSpec, ArgType, CommandSpec, Where, whole_number
from bot.context import Context
from bot.model import OutgoingMessage
from bot.richtext import b, bullets, p
from bot.router import Router
from bot.stores.audit import AUDIT, AuditEntry

router = Router("privacy.audit")
DEFAULT_ENTRIES = 20
MAX_ENTRIES = 200

AUDIT_SPEC = CommandSpec(
    "audit",
    "The latest officers' actions and role changes",
    args=(ArgSpec("count", f"How many entries (default {DEFAULT_ENTRIES})", ArgType.INTEGER),),
    access=Access.AUDIT,
    where=Where.PRIVATE,
    help="Lists who did what and when: announcements, reviews, polls, events, consultations,"
    " changes of role. Entries are kept for two years unless the CLP's configuration sets"
    " another period.",
    example="/audit 50",
)


def describe(entry: AuditEntry, zone: ZoneInfo) -> str:
    when = entry.at.astimezone(zone).strftime("%d %b %Y %H:%M")
    who = entry.actor_name + (
        f" ({entry.actor_role}, {entry.actor_key})" if entry.actor_key else ""
    )
    detail = f": {entry.detail}" if entry.detail else ""
    return f"{when} {who}: {entry.action} {entry.subject}{detail}"


@router.command(AUDIT_SPEC)
async def show_audit(ctx: Context) -> None:
    typed = ctx.args.strip()
    wanted = whole_number(typed, 1, MAX_ENTRIES) if typed else DEFAULT_ENTRIES
    if wanted is None:
        await ctx.reply(
            f"Give how many entries to show as a number from 1 to {MAX_ENTRIES}, like /audit 50"
            f" (or just /audit for the latest {DEFAULT_ENTRIES})."
        )
        return
    entries = await ctx.uow.get(AUDIT).latest(wanted)
    if not entries:
        await ctx.reply("The audit log is empty: no officer action has been recorded yet.")
        return
    await ctx.reply(
        OutgoingMessage(
            blocks=(
                p(b(f"The audit log: the latest {len(entries)}, newest first")),
                bullets(*(describe(entry, ctx.config.clp.zone) for entry in entries)),
            )
        )
    )
