"""The road a draft takes after it is sent for review, declared once as data per kind.

A policy submission goes to the National Policy Forum: officers approve it (or return it, or
ask the equalities officers) and mark it submitted with the date. A contemporary motion goes
to Annual Conference only after the CLP's General Meeting agrees it: officers approve it, put
it to the General Meeting on a date, record that it was carried or fell, and send a carried
one to conference. /review offers only the moves below; anything else is refused.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

from bot.stores.submissions import Draft, Kind, Status
from commands.submissions.render import heading

IN_REVIEW, EQUALITIES, APPROVED = Status.IN_REVIEW, Status.EQUALITIES_REVIEW, Status.APPROVED


class Asks(enum.Enum):
    NOTHING = "nothing"
    COMMENT = "comment"
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Move:
    """One officer's step from any of `sources` to `to` (button value `review:NAME:ID`)."""

    name: str
    label: str
    sources: tuple[Status, ...]
    to: Status
    history: str
    """What the draft's history records; `{on}` is the date (ISO)."""
    news: str = ""
    """What the author and co-authors are told; `{title}`, `{day}` (and `{short}`)."""
    done: str = ""
    """What the officer is told; the same fields."""
    asks: Asks = Asks.NOTHING
    officers_told: str = ""
    """What the officers' chats are told, if anything; `{who}`, `{title}`, `{number}`."""
    date_field: str | None = None
    """The draft's column the date goes in (with `Asks.DATE`)."""
    question: str = ""
    prefer: Literal["future", "past"] = "past"
    """How an ambiguous typed date ("14 March") is read; "past" also refuses a future one."""
    the_day: str = ""
    """Which day to type, for a refusal: "the day it was submitted"."""
    not_before: tuple[str, str] | None = None
    """(a date column, what it is): the date may not be earlier than that one."""


APPROVE = Move(
    "approve",
    "Approve",
    (IN_REVIEW, EQUALITIES),
    APPROVED,
    "approved",
    "Good news: the officers approved {title}. They will send it to the Policy Forum.",
    "Approved {title}. The author has been told.",
)
RETURN = Move(
    "return",
    "Return with a comment",
    (IN_REVIEW, EQUALITIES, APPROVED),
    Status.RETURNED,
    "returned",
    asks=Asks.COMMENT,
)
EQUALITIES_REVIEW = Move(
    "equalities",
    "Ask the equalities officers",
    (IN_REVIEW, APPROVED),
    EQUALITIES,
    "asked for an equalities review",
    "News on {title}: it is now with the equalities officers.",
    "Asked the equalities officers to review {title}. The author has been told.",
    officers_told="{who} asks the equalities officers to review {title}: type /review"
    " {number} to open it.",
)
SUBMITTED = Move(
    "submitted",
    "Mark submitted to the Policy Forum",
    (IN_REVIEW, EQUALITIES, APPROVED),
    Status.SUBMITTED,
    "marked submitted to the Policy Forum on {on}",
    "{title} was submitted to the National Policy Forum on {short}. Thank you!",
    "Marked {title} submitted on {short}.",
    Asks.DATE,
    date_field="forum_submitted_on",
    question="On what date was {number} submitted to the Policy Forum?",
    the_day="the day it was actually submitted",
)
MOTION_APPROVE = Move(
    "approve",
    "Approve",
    (IN_REVIEW, EQUALITIES),
    APPROVED,
    "approved",
    "Good news: the officers approved {title}. They will put it to the General Meeting.",
    "Approved {title}. The author has been told.",
)
MEETING = Move(
    "meeting",
    "Put to the General Meeting",
    (APPROVED, Status.AT_MEETING),
    Status.AT_MEETING,
    "put to the General Meeting on {on}",
    "{title} will be put to the General Meeting on {day}.",
    "{title} is down for the General Meeting on {day}. The author has been told.",
    Asks.DATE,
    date_field="meeting_on",
    question="On what date is {number} put to the General Meeting (or All Member Meeting)?",
    prefer="future",
)
CARRIED = Move(
    "carried",
    "Carried",
    (Status.AT_MEETING,),
    Status.CARRIED,
    "carried on {on}",
    "{title} was carried by the General Meeting on {day}. The officers will send it to"
    " Annual Conference.",
    "Recorded: {title} was carried on {day}. The author has been told.",
    Asks.DATE,
    date_field="decided_on",
    question="On what date did the General Meeting carry {number}?",
    the_day="the day of the vote",
    not_before=("meeting_on", "the General Meeting it was put to"),
)
FELL = Move(
    "fell",
    "Fell",
    (Status.AT_MEETING,),
    Status.FELL,
    "fell on {on}",
    "{title} fell at the General Meeting on {day}, so it goes no further. Thank you for"
    " writing it: a new motion can be started with /submit.",
    "Recorded: {title} fell on {day}. It goes no further; the author has been told.",
    Asks.DATE,
    date_field="decided_on",
    question="On what date did {number} fall at the General Meeting?",
    the_day="the day of the vote",
    not_before=("meeting_on", "the General Meeting it was put to"),
)
SENT = Move(
    "sent",
    "Mark sent to Annual Conference",
    (Status.CARRIED,),
    Status.SENT,
    "sent to Annual Conference on {on}",
    "{title} was sent to Annual Conference on {day}. Thank you!",
    "Marked {title} sent to Annual Conference on {day}. The author has been told.",
    Asks.DATE,
    date_field="sent_on",
    question="On what date was {number} sent to Annual Conference?",
    the_day="the day it was actually sent",
    not_before=("decided_on", "the day it was carried"),
)

ROUTES: dict[Kind, tuple[Move, ...]] = {
    Kind.SUBMISSION: (APPROVE, RETURN, EQUALITIES_REVIEW, SUBMITTED),
    Kind.MOTION: (MOTION_APPROVE, RETURN, EQUALITIES_REVIEW, MEETING, CARRIED, FELL, SENT),
}
ROAD = {
    Kind.SUBMISSION: "a submission is approved by the officers, then submitted to the Policy Forum",
    Kind.MOTION: "a motion is approved by the officers, put to the General Meeting, carried"
    " or fell, and if carried sent to Annual Conference",
}
UNDER_WAY: dict[Kind, tuple[tuple[Status, str], ...]] = {
    Kind.SUBMISSION: ((APPROVED, "{n} approved, not yet marked submitted to the Policy Forum:"),),
    Kind.MOTION: (
        (APPROVED, "{motions} approved, not yet put to the General Meeting:"),
        (Status.AT_MEETING, "{motions} put to the General Meeting, outcome not yet recorded:"),
        (Status.CARRIED, "{motions} carried, not yet sent to Annual Conference:"),
    ),
}
"""The officers' jobs after approval that /review lists under the queue, in this order
(`{n}`: how many; `{motions}`: "1 motion", "2 motions")."""

FINISHED = (Status.SUBMITTED, Status.FELL, Status.SENT)
"""Where a route ends."""


def kind_of(draft: Draft) -> Kind:
    return draft.kind or Kind.SUBMISSION


def route(draft: Draft) -> tuple[Move, ...]:
    return ROUTES[kind_of(draft)]


def moves_now(draft: Draft) -> list[Move]:
    return [move for move in route(draft) if draft.status in move.sources]


def find(draft: Draft, name: str) -> Move | str:
    """The move `name` if the draft may take it now; otherwise why not, and what instead."""
    found = next((move for move in route(draft) if move.name == name), None)
    if found is None:
        return f"That is not a step for {_this(draft)}: {ROAD[kind_of(draft)]}."
    if draft.status in found.sources:
        return found
    now = moves_now(draft)
    if now:
        instead = f"What can be done: {', '.join(m.label for m in now)}."
    elif draft.status in FINISHED:
        instead = "Its route is finished."
    else:
        instead = "Nothing is for the officers to do with it now."
    return f"{heading(draft)}: {draft.status.label}. That can't be done now. {instead}"


def _this(draft: Draft) -> str:
    what = "motion" if kind_of(draft) is Kind.MOTION else "submission"
    return f"{what} #{draft.id} “{draft.title}”"
