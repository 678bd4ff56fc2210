"""The events and announcements commands, declared once as data."""

from __future__ import annotations

from bot.commands import Access, ArgSpec, ArgType, CommandSpec, Where

EVENT_NUMBER = ArgSpec(
    "event", "The event's number", ArgType.INTEGER, required=True, autocomplete="events"
)

EVENTS = CommandSpec(
    "events",
    "Upcoming talks, workshops and training",
    args=(
        ArgSpec(
            "which", "'all' for every upcoming event, or an event's number", autocomplete="events"
        ),
    ),
    help="Shows the next events (ours and neighbouring CLPs'). Give 'all' for every upcoming "
    "one, or an event's number for its details, a reply button and a calendar file.",
    example="/events 3",
)

RSVP = CommandSpec(
    "rsvp",
    "Say you will come to an event (or 'cancel' your reply)",
    args=(
        EVENT_NUMBER,
        ArgSpec(
            "cancel",
            "After the number: 'cancel' to withdraw, 'maybe' if unsure, 'every' for every date",
        ),
    ),
    help="Replies that you will come. For a repeating event the reply is for its next date; "
    "add 'every' to come every time, or 'maybe' if you are not sure yet (that takes no place)."
    " When the event is full you join the waiting list and are told your place; you are told "
    "as soon as a place frees up.",
    example="/rsvp 3",
)

CALENDAR = CommandSpec(
    "calendar",
    "A calendar file (.ics) of upcoming events, or of one",
    args=(
        ArgSpec(
            "event",
            "An event's number (default: all upcoming)",
            ArgType.INTEGER,
            autocomplete="events",
        ),
    ),
    help="Sends an .ics file your calendar app (Google, Outlook, Apple) can import, and the "
    "address to subscribe to so new and changed events appear by themselves.",
    example="/calendar 3",
)

EVENT_ADD = CommandSpec("add", "Add an event (a short conversation)", access=Access.EVENTS)
EVENT_EDIT = CommandSpec(
    "edit",
    "Change an event",
    args=(EVENT_NUMBER,),
    access=Access.EVENTS,
)
EVENT_CANCEL = CommandSpec(
    "cancel",
    "Cancel an event (everyone who replied is told)",
    args=(EVENT_NUMBER,),
    access=Access.EVENTS,
)
EVENT_ATTENDEES = CommandSpec(
    "attendees",
    "Who is coming, the waiting list and access needs",
    args=(EVENT_NUMBER,),
    access=Access.EVENTS,
    where=Where.PRIVATE,
)

EVENT = CommandSpec(
    "event",
    "Officers: add, change or cancel events; see attendees",
    access=Access.EVENTS,
    help="/event add asks for the title, type, time, place, speaker, description and "
    "capacity, reads dates like 'next Tuesday 7pm' and confirms them before saving. Save "
    "also announces the event in the announce chats with an I'll come button (or choose "
    "Save without announcing); a change or a cancellation updates that post.",
    example="/event add",
    subcommands=(EVENT_ADD, EVENT_EDIT, EVENT_CANCEL, EVENT_ATTENDEES),
)

ANNOUNCE_CANCEL = CommandSpec(
    "cancel",
    "Cancel a scheduled announcement",
    args=(ArgSpec("id", "The announcement's number", type=ArgType.INTEGER, required=True),),
    access=Access.ANNOUNCE,
)

ANNOUNCE = CommandSpec(
    "announce",
    "Officers: post or schedule an announcement",
    access=Access.ANNOUNCE,
    help="Write the text, choose where it goes (everywhere or some chats) and when (now, at "
    "a time such as 'Friday 18:00', or repeating such as 'every Monday 09:00'), check the "
    "preview, confirm. (/announce new does the same where a bare /announce cannot be typed, "
    "as on Discord.)",
    example="/announce",
    subcommands=(ANNOUNCE_CANCEL,),
    default="new",
)

ANNOUNCEMENTS = CommandSpec(
    "announcements",
    "Officers: scheduled announcements",
    access=Access.ANNOUNCE,
    example="/announcements",
)
