"""A member's drafts, submissions and motions, for /mydata and /forgetme.

Erasing: a draft the CLP has not approved or sent to the Policy Forum is deleted with its
history; one it has is kept, without the author's or co-authors' names. The member's name
also comes off other drafts that list them as a co-author.
"""

from __future__ import annotations

from typing import Any

from bot.privacy import ERASED, ErasureReport, Kept, PersonalData, PersonalDataRequest
from bot.richtext import plural
from bot.router import Router
from bot.stores.submissions import SUBMISSIONS, Draft, HistoryEntry, Status

router = Router("submissions.privacy")

KEPT_BECAUSE = {
    Status.SUBMITTED: "was already sent to the Policy Forum by the CLP, so it is kept without"
    " your name (and without any co-authors' names).",
    Status.APPROVED: "was already approved by the CLP to send to the Policy Forum, so it is"
    " kept without your name (and without any co-authors' names).",
}


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
                "sent_to_the_policy_forum_on": (
                    d.forum_submitted_on.isoformat() if d.forum_submitted_on else None
                ),
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


async def erase(req: PersonalDataRequest) -> ErasureReport:
    store = req.uow.get(SUBMISSIONS)
    report = ErasureReport("submissions")
    deleted = 0
    for draft in await _authored(req):
        assert draft.id is not None
        reason = KEPT_BECAUSE.get(draft.status)
        if reason is None:
            await store.delete(draft.id)
            deleted += 1
        else:
            await store.erase_author(draft.id, ERASED, req.keys)
            report.kept.append(Kept(f"Your {_kind(draft)} #{draft.id} “{draft.title}”", reason))
    if deleted:
        report.deleted.append(
            f"{plural(deleted, 'draft')} not sent to the Policy Forum, with their history"
        )
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
