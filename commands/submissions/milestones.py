"""Where a draft has got to, in the words of its kind: the dates shown in /review, /drafts,
the export and /mydata. A submission is submitted to the Policy Forum; a motion is put to
the General Meeting, carried or fell, and sent to Annual Conference."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.stores.submissions import Draft, Kind, Status

PUT, DECIDED, SENT = (
    (Status.AT_MEETING, Status.CARRIED, Status.FELL, Status.SENT),
    (Status.CARRIED, Status.FELL, Status.SENT),
    (Status.SENT,),
)


LABELS = {
    "sent_to_the_policy_forum_on": "Submitted to the Policy Forum on",
    "general_meeting_on": "Put to the General Meeting on",
    "carried_on": "Carried on",
    "fell_on": "Fell on",
    "sent_to_annual_conference_on": "Sent to Annual Conference on",
}
"""Each milestone's key (for data: /mydata, the export's columns) and words (for people)."""
MOTION_KEYS = tuple(key for key in LABELS if key != "sent_to_the_policy_forum_on")


@dataclass(frozen=True, slots=True)
class Milestone:
    key: str
    on: date

    @property
    def label(self) -> str:
        return LABELS[self.key]


def long_day(on: date) -> str:
    """ "Thursday 12 March 2026"."""
    return f"{on:%A} {on.day} {on:%B %Y}"


def milestones(draft: Draft) -> list[Milestone]:
    """The dates the draft has reached on its route, oldest first (none for a withdrawn one)."""
    if draft.kind is not Kind.MOTION:
        on = draft.forum_submitted_on
        if draft.status is Status.SUBMITTED and on:
            return [Milestone("sent_to_the_policy_forum_on", on)]
        return []
    found: list[Milestone] = []
    if draft.meeting_on and draft.status in PUT:
        found.append(Milestone("general_meeting_on", draft.meeting_on))
    if draft.decided_on and draft.status in DECIDED:
        found.append(
            Milestone("fell_on" if draft.status is Status.FELL else "carried_on", draft.decided_on)
        )
    if draft.sent_on and draft.status in SENT:
        found.append(Milestone("sent_to_annual_conference_on", draft.sent_on))
    return found
