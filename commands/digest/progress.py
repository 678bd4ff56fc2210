"""The submissions progress section of the digest: counts only, never names or titles."""

from __future__ import annotations

from collections import Counter

from bot.digest import DigestRequest, DigestSection
from bot.richtext import bullets, p
from bot.router import Router
from bot.stores.submissions import SUBMISSIONS, Status

router = Router("submissions-progress")

SHOWN = (
    Status.DRAFT,
    Status.IN_REVIEW,
    Status.RETURNED,
    Status.EQUALITIES_REVIEW,
    Status.APPROVED,
    Status.SUBMITTED,
)


@router.digest_section
async def submissions_progress(req: DigestRequest) -> DigestSection | None:
    drafts = await req.uow.get(SUBMISSIONS).progress()
    live = [d for d in drafts if d.status is not Status.WITHDRAWN]
    if not live:
        return None
    by_status = Counter(d.status for d in live)
    started = sum(1 for d in live if req.start <= d.created_at < req.end)
    submitted = sum(
        1
        for d in live
        if d.status is Status.SUBMITTED
        and d.forum_submitted_on is not None
        and req.start.date() <= d.forum_submitted_on <= req.end.date()
    )
    lines = [f"{by_status[s]} {s.label}" for s in SHOWN if by_status[s]]
    summary = f"{started} new this week" + (
        f", {submitted} submitted this week" if submitted else ""
    )
    return DigestSection(
        "Policy submissions",
        (p(f"Members' drafts and motions: {summary}."), bullets(*lines)),
        order=20,
    )
