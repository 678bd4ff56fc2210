"""The consultation commands, declared once as data."""

from __future__ import annotations

from bot.commands import Access, ArgSpec, ArgType, CommandSpec

FIELDS = ("title", "commission", "link", "opens", "closes", "summary")

CONSULTATIONS = CommandSpec(
    "consultations",
    "Open NPF consultations, how long is left, and drafts started",
    args=(ArgSpec("number", "A consultation's number, for its details", type=ArgType.INTEGER),),
    help="Lists the National Policy Forum consultations open now, with their links, how long "
    "is left to respond and how many drafts members have started for each. Give a number "
    "for one consultation's details.",
    example="/consultations 3",
)

ADD = CommandSpec(
    "add",
    "Add a consultation (asks for each detail, or give them separated by |)",
    args=(
        ArgSpec(
            "details",
            "title | commission | link | opens | closes (or nothing, to be asked)",
            rest=True,
        ),
    ),
    access=Access.CONSULTATIONS,
)
EDIT = CommandSpec(
    "edit",
    "Change a consultation's title, commission, link, dates or summary",
    args=(
        ArgSpec("number", "The consultation's number", type=ArgType.INTEGER, required=True),
        ArgSpec("field", "What to change", type=ArgType.CHOICE, choices=FIELDS),
        ArgSpec("value", "The new value", rest=True),
    ),
    access=Access.CONSULTATIONS,
)
REMOVE = CommandSpec(
    "remove",
    "Remove a consultation (drafts that answer it keep their text)",
    args=(ArgSpec("number", "The consultation's number", type=ArgType.INTEGER, required=True),),
    access=Access.CONSULTATIONS,
)

CONSULTATION = CommandSpec(
    "consultation",
    "Officers: add, edit or remove an NPF consultation",
    access=Access.CONSULTATIONS,
    help="Consultations come from the feeds in the config and from officers. Adding one "
    "announces it to the announce chats and plans deadline reminders.",
    example="/consultation add Safer streets | Safer streets | https://example.org | today "
    "| in 6 weeks",
    subcommands=(ADD, EDIT, REMOVE),
)
