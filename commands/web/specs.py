"""The web desk's command, declared once as data."""

from __future__ import annotations

from bot.commands import Access, CommandSpec, Where

WEB = CommandSpec(
    "web",
    "A one-time link to sign in to the officers' desk on the web",
    access=Access.REVIEW,  # the desk is the review queue
    where=Where.PRIVATE,
    help="Sends a link that signs you in to the officers' web desk (the review queue and "
    "drafts with their history). It works once, within 10 minutes; sign out there to end "
    "every session you have.",
    example="/web",
)
