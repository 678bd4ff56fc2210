"""A member's own votes, for /mydata and /forgetme, keeping anonymous votes anonymous.

A ballot in an anonymous poll is linked to the member only while the poll is open (through
a key made with the poll's secret, destroyed at the close). So /mydata shows a member's
ballots in open polls and in closed open-ballot polls; a closed anonymous poll's ballot can
no longer be linked to anyone. Erasing removes ballots in open polls and, in closed polls,
keeps the ballots counting but drops the member's name from them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.privacy import ErasureReport, Kept, PersonalData, PersonalDataRequest
from bot.stores.polls import POLLS, Poll, PollKind, PollStatus
from commands.polls.specs import router
from commands.polls.voting import voter_key

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
UNLINKABLE = (
    "Ballots in anonymous polls that have closed are not listed: after the close nothing"
    " links a ballot to anyone, not even the bot, so it cannot tell which was yours."
)


def _choices(poll: Poll, choices: tuple[int, ...]) -> list[str]:
    return [poll.options[i].label for i in choices if 0 <= i < len(poll.options)]


def _ballot(req: PersonalDataRequest, poll: Poll, choices: tuple[int, ...]) -> dict[str, Any]:
    open_now = poll.is_open
    note = (
        "you may change it until the deadline"
        if open_now
        else "the poll has closed; your ballot counts and is kept with your name"
    )
    if open_now and poll.anonymous:
        note += "; after the close it can no longer be linked to you"
    return {
        "poll": poll.id,
        "question": poll.question,
        "anonymous": poll.anonymous,
        "status": poll.status.value,
        "deadline": req.when(poll.deadline),
        "your_choices" if poll.kind is not PollKind.RANKED else "your_ranking": _choices(
            poll, choices
        ),
        "note": note,
    }


async def export(req: PersonalDataRequest) -> dict[str, Any]:
    store = req.uow.get(POLLS)
    ballots: dict[int, dict[str, Any]] = {}
    for poll in await store.open_polls():
        assert poll.id is not None
        secret = await store.secret(poll.id)
        choices = await store.ballot(poll.id, voter_key(secret, req.person_id)) if secret else None
        if choices is not None:
            ballots[poll.id] = _ballot(req, poll, choices)
    for poll_id, choices in (await store.named_ballots_of(req.person_id)).items():
        closed = await store.get(poll_id)
        if closed is not None and poll_id not in ballots:
            ballots[poll_id] = _ballot(req, closed, choices)
    return {"your_ballots": [ballots[k] for k in sorted(ballots)], "not_listed": UNLINKABLE}


async def erase(req: PersonalDataRequest) -> ErasureReport:
    store = req.uow.get(POLLS)
    report = ErasureReport("polls")
    removed = []
    for poll in await store.open_polls():
        assert poll.id is not None
        secret = await store.secret(poll.id)
        if secret and await store.delete_ballot(poll.id, voter_key(secret, req.person_id)):
            removed.append(f"#{poll.id}")
    if removed:
        several = len(removed) > 1
        report.deleted.append(
            f"Your ballot{'s' if several else ''} in open poll{'s' if several else ''}"
            f" {', '.join(removed)}"
        )
    unlinked = await store.unlink_person(req.person_id)
    if unlinked == 1:
        report.kept.append(
            Kept(
                "Your vote in a closed open-ballot poll",
                "keeps counting in the results already announced, but no longer says it is yours.",
            )
        )
    elif unlinked:
        report.kept.append(
            Kept(
                f"Your votes in {unlinked} closed open-ballot polls",
                "keep counting in the results already announced, but no longer say they are yours.",
            )
        )
    closed_anonymous = [
        p
        for p in await store.created_between(_EPOCH, req.now)
        if p.status is PollStatus.CLOSED and p.anonymous
    ]
    if closed_anonymous:
        report.kept.append(
            Kept(
                "Any ballots you cast in anonymous polls that have closed",
                "keep counting: nothing has linked them to you since the close, so there is"
                " nothing of yours to erase.",
            )
        )
    return report


router.personal_data(
    PersonalData(
        "polls",
        "Your votes",
        "Your own ballots in polls, while they can still be linked to you: in open polls, and"
        " in closed polls that were not anonymous. " + UNLINKABLE,
        export,
        erase,
        order=50,
    )
)
