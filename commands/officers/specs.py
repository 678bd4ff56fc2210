"""/officers: who holds which office, and the hand-over after an AGM (or a by-election)."""

from __future__ import annotations

from bot.commands import Access, ArgSpec, ArgType, CommandSpec, Where
from bot.router import Router

router = Router("officers")

OFFICERS_LIST = CommandSpec(
    "list", "Who holds which office, and what each may do", access=Access.OFFICERS
)
OFFICERS_ADD = CommandSpec(
    "add",
    "Give a member an office (pick them by @username or account)",
    args=(ArgSpec("member", "@username, a mention, or an account like telegram:12345", rest=True),),
    access=Access.OFFICERS,
    example="/officers add @ann",
)
OFFICERS_REMOVE = CommandSpec(
    "remove",
    "Take an office from its holder",
    args=(ArgSpec("number", "The holding's number from /officers", type=ArgType.INTEGER),),
    access=Access.OFFICERS,
    example="/officers remove 3",
)
OFFICERS = CommandSpec(
    "officers",
    "Who holds which office; hand offices over after an AGM",
    access=Access.OFFICERS,
    where=Where.PRIVATE,
    help="Lists the CLP's offices, who holds each and what each may do, and the officers"
    " the platforms or the config name (they hold every permission); also /officers list."
    " /officers add gives a"
    " member an office, /officers remove takes it back; it counts at once on every account"
    " the member linked, and is recorded in the audit log.",
    example="/officers",
    subcommands=(OFFICERS_LIST, OFFICERS_ADD, OFFICERS_REMOVE),
)
