"""The poll commands, declared once as data, and the router every poll module registers on."""

from __future__ import annotations

from bot.commands import Access, ArgSpec, ArgType, CommandSpec, Where
from bot.router import Router

router = Router("polls")

POLL_NUMBER = ArgSpec("id", "The poll's number", type=ArgType.INTEGER, required=True)

POLL_CLOSE = CommandSpec(
    "close",
    "Close a poll now and post its results",
    args=(POLL_NUMBER,),
    access=Access.POLLS,
    example="/poll close 3",
)
POLL_NEW = CommandSpec("new", "Create a poll, step by step", access=Access.POLLS)
POLL_SHOW = CommandSpec(
    "show",
    "See a poll: turnout, and results when they may be shown",
    args=(POLL_NUMBER,),
    access=Access.POLLS,
    example="/poll show 3",
)
POLL_LIST = CommandSpec("list", "Open polls and how many took part", access=Access.POLLS)
POLL_EXPORT = CommandSpec(
    "export",
    "Download a poll's results as a CSV file",
    args=(POLL_NUMBER,),
    access=Access.POLLS,
    where=Where.PRIVATE,  # an open poll's file names who voted for what
    help="Anonymous polls export the counts only: nobody can see how a member voted.",
    example="/poll export 3",
)
POLL = CommandSpec(
    "poll",
    "Officers: create a poll, or see one by its number",
    args=(ArgSpec("id", "A poll's number, to see it", type=ArgType.INTEGER),),
    access=Access.POLLS,
    help="A step-by-step conversation: the question, the options (typed or picked from "
    "members' ideas), single, several or ranked choice, anonymous or open, results hidden "
    "or live, the deadline and the chats to post it in. The bot closes it at the deadline. "
    "(/poll new does the same where a bare /poll cannot be typed, as on Discord.)",
    example="/poll",
    subcommands=(POLL_NEW, POLL_SHOW, POLL_CLOSE, POLL_LIST, POLL_EXPORT),
    default=POLL_NEW.name,
)
POLLS = CommandSpec(
    "polls",
    "Open polls you can vote in",
    help="Lists the open polls. Press one to get its ballot here, privately.",
)
