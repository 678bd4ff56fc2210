"""The submission commands, declared once as data (adapters build menus and /help from them)."""

from __future__ import annotations

from bot.commands import Access, ArgSpec, ArgType, CommandSpec, Where
from bot.stores.submissions import Status

SUBMIT = CommandSpec(
    "submit",
    "Draft a policy submission or a motion to conference",
    where=Where.PRIVATE,
    help="A step-by-step conversation that turns what you care about into a submission to "
    "the National Policy Forum or a contemporary motion to conference. Your draft is saved "
    "after every step: type /submit again to pick up where you stopped.",
    example="/submit",
)

DRAFTS = CommandSpec(
    "drafts",
    "Your policy drafts and where each one stands",
    args=(
        ArgSpec(
            "number", "A draft's number, to open it", type=ArgType.INTEGER, autocomplete="drafts"
        ),
    ),
    where=Where.PRIVATE,
    help="Lists the drafts you wrote or co-author. Open one to continue, withdraw or delete it.",
    example="/drafts 3",
)

REVIEW_EXPORT = CommandSpec(
    "export",
    "Download submissions (for the Policy Forum website) and motions as text",
    args=(
        ArgSpec(
            "status",
            "Only drafts in this state (default: everything sent for review)",
            type=ArgType.CHOICE,
            choices=tuple(s.value for s in Status),
        ),
    ),
    access=Access.REVIEW,
    example="/review export approved",
)

REVIEW_QUEUE_SPEC = CommandSpec(
    "queue",
    "The drafts waiting for review, a page at a time",
    args=(ArgSpec("page", "Which page (default: the first)", type=ArgType.INTEGER),),
    access=Access.REVIEW,
    example="/review queue page 2",
)
REVIEW_OPEN = CommandSpec(
    "open",
    "Open one draft to decide on it",
    args=(ArgSpec("number", "The draft's number", type=ArgType.INTEGER, required=True),),
    access=Access.REVIEW,
    example="/review open 3",
)

REVIEW = CommandSpec(
    "review",
    "The officers' review queue of policy drafts",
    args=(ArgSpec("number", "A draft's number, to open it", type=ArgType.INTEGER),),
    access=Access.REVIEW,
    where=Where.PRIVATE,
    help="Lists drafts waiting for review (also /review queue) and approved ones still under "
    "way. Open one (/review NUMBER or /review open NUMBER) to approve it, return it with a "
    "comment or ask the equalities officers to look at it; then mark a submission submitted "
    "to the Policy Forum, or put a motion to the General Meeting on a date, record that it "
    "was carried or fell, and mark a carried one sent to Annual Conference.",
    example="/review 3",
    subcommands=(REVIEW_QUEUE_SPEC, REVIEW_OPEN, REVIEW_EXPORT),
    default=REVIEW_QUEUE_SPEC.name,
)
