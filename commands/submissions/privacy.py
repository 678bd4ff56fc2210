"""A member's drafts, submissions and motions, for /mydata and /forgetme.

Erasing: a draft the CLP has not used (not approved, sent to the Policy Forum, or put to the
General Meeting) is deleted with its history; one it has used is kept, without the author's
or co-authors' names. The member's name also comes off other drafts that list them as a
co-author.
"""

from __future__ import annotations

from typing import Any

from bot.privacy import ERASED, ErasureReport, Kept, PersonalData, PersonalDataRequest
from bot.richtext import plural
from bot.router import Router
from bot.stores.submissions import SUBMISSIONS, Draft, HistoryEntry, Kind, Status
from commands.submissions.milestones import MOTION_KEYS, milestones

router = Router("submissions.privacy")

WITHOUT_NAMES = ", so it is kept without your name (and without any co-authors' names)."
KEPT_BECAUSE = {
    Kind.SUBMISSION: {
        Status.SUBMITTED: "was already sent to the Policy Forum by the CLP",
        Status.APPROVED: "was already approved by the CLP to send to the Policy Forum",
    },
    Kind.MOTION: {
        Status.APPROVED: "was already approved by the CLP's officers to put to the General Meeting",
        Status.AT_MEETING: "is down to be put to the CLP's General Meeting",
        Status.CARRIED: "was carried by the CLP's General Meeting",
        Status.FELL: "was voted on by the CLP's General Meeting",
        Status.SENT: "was already sent to Annual Conference by the CLP",
    },
}
"""Why a draft the CLP has used is kept, by kind; any other draft is deleted."""


def _kept_because(draft: Draft) -> str | None:
    reason = KEPT_BECAUSE[draft.kind or Kind.SUBMISSION].get(draft.status)
    return reason + WITHOUT_NAMES if reason else None


def _kind(draft: Draft) -> str:
    return draft.kind.value if draft.kind else "draft"


def _history(req: PersonalDataRequest, entries: list[HistoryEntry]) -> list[dict[str, Any]]:
    return [
        {
            "draft": e.draft_id,
            "at": req.when(e.at),
            "by": e.actor_name,
            "action": e.action,
            "comment": e.comment,
        }
        for e in entries
    ]


async def _authored(req: PersonalDataRequest) -> list[Draft]:
    store = req.uow.get(SUBMISSIONS)
    return [d for who in req.identities for d in await store.authored_by(who)]


async def export(req: PersonalDataRequest) -> dict[str, Any]:
    store = req.uow.get(SUBMISSIONS)
    authored = await _authored(req)
    mine = {d.id for d in authored}
    coauthored = {
        d.id: d for who in req.identities for d in await store.visible_to(who) if d.id not in mine
    }
    others = [e for e in await store.history_by(req.keys) if e.draft_id not in mine]
    return {
        "drafts_you_wrote": [
            {
                "number": d.id,
                "type": _kind(d),
                "status": d.status.label,
                "title": d.title,
                "text": d.fields,
                "co_authors": d.listed_coauthors,
                "asked_to_co_author_not_yet_accepted": [
                    c.person.display_name for c in d.coauthors if not c.accepted
                ],
                "others_may_see_your_name": d.show_name,
                "started_at": req.when(d.created_at),
                "last_changed_at": req.when(d.updated_at),
                **_route_dates(d),
                "history": _history(req, await store.history(d.id or 0)),
            }
            for d in authored
        ],
        "drafts_naming_you_as_co_author": [
            {"number": d.id, "title": d.title, "status": d.status.label}
            for d in coauthored.values()
        ],
        "your_actions_on_other_members_drafts": _history(req, others),
    }


def _with_history(counted: str) -> str:
    return "with its history" if counted.startswith("1 ") else "with their history"


def _route_dates(draft: Draft) -> dict[str, str | None]:
    """The dates on the draft's route, named for its kind (a motion's General Meeting...)."""
    keys = MOTION_KEYS if draft.kind is Kind.MOTION else ("sent_to_the_policy_forum_on",)
    reached = {m.key: m.on.isoformat() for m in milestones(draft)}
    return {key: reached.get(key) for key in keys}


async def erase(req: PersonalDataRequest) -> ErasureReport:
    store = req.uow.get(SUBMISSIONS)
    report = ErasureReport("submissions")
    deleted = {Kind.SUBMISSION: 0, Kind.MOTION: 0}
    for draft in await _authored(req):
        assert draft.id is not None
        reason = _kept_because(draft)
        if reason is None:
            await store.delete(draft.id)
            deleted[draft.kind or Kind.SUBMISSION] += 1
        else:
            await store.erase_author(draft.id, ERASED, req.keys)
            report.kept.append(Kept(f"Your {_kind(draft)} #{draft.id} “{draft.title}”", reason))
    if deleted[Kind.SUBMISSION]:
        drafts = plural(deleted[Kind.SUBMISSION], "draft")
        report.deleted.append(f"{drafts} not sent to the Policy Forum, {_with_history(drafts)}")
    if deleted[Kind.MOTION]:
        motions = plural(deleted[Kind.MOTION], "motion")
        report.deleted.append(f"{motions} not put to the General Meeting, {_with_history(motions)}")
    changed: set[int] = set()
    for who in req.identities:
        changed.update(await store.remove_coauthor(who))
    if changed:
        report.deleted.append(f"Your name as a co-author of {plural(len(changed), 'draft')}")
    decisions = await store.history_by(req.keys)
    if decisions:
        report.kept.append(
            Kept(
                f"{plural(len(decisions), 'decision')} you recorded on other members' drafts",
                "stay in those drafts' history with your name: they were officers' actions,"
                " which the CLP must be able to account for.",
            )
        )
    return report


router.personal_data(
    PersonalData(
        "submissions",
        "Drafts, submissions and motions",
        "Policy submissions and motions you drafted with /submit, with every change and"
        " review decision (who and when), drafts that name you as a co-author, and what you"
        " did to other members' drafts as an officer. Your policy views are special-category"
        " data: only you, your co-authors and the officers see them.",
        export,
        erase,
        order=20,
    )
)
