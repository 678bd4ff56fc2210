"""The code-of-conduct commands, declared once as data, and the router they register on."""

from __future__ import annotations

from bot.commands import ArgSpec, CommandSpec, Where
from bot.router import Router

router = Router("conduct")

CONDUCT = CommandSpec(
    "conduct",
    "Read the code of conduct and agree to it",
    help="Shows the summary of the party's code of conduct for members online and off, "
    "and records that you agree to follow it.",
    example="/conduct",
)

REPORT = CommandSpec(
    "report",
    "Report an idea, a comment or a post to the officers, privately",
    args=(
        ArgSpec("what", "What you report: idea 12, comment 3, event 4, poll 2 or post"),
        ArgSpec("reason", "Why (what in it breaks the code of conduct)", rest=True),
    ),
    where=Where.PRIVATE,
    help="Sends your report and your reason to the CLP's officers only, never to a group. "
    "Name what you report (idea 12, comment 3, event 4, poll 2, consultation 1, "
    "announcement 5, or post and where you saw it), then why. Without a reason I ask for it.",
    example="/report idea 12 It attacks a member by name",
)
