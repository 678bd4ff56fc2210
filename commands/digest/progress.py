"""The submissions progress section of the digest: counts only, never names or titles.

Submissions and motions are counted apart, each in the words of its route: a submission is
submitted to the Policy Forum; a motion is put to the General Meeting, carried or fell, and
sent to Annual Conference.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from bot.digest import DigestRequest, DigestSection
from bot.richtext import Block, bullets, p, plural
from bot.router import Router
from bot.stores.submissions import SUBMISSIONS, DraftProgress, Kind, Status

router = Router("submissions-progress")

SHOWN = (
    Status.DRAFT,
    Status.IN_REVIEW,
    Status.RETURNED,
    Status.EQUALITIES_REVIEW,
    Status.APPROVED,
    Status.SUBMITTED,
    Status.AT_MEETING,
    Status.CARRIED,
    Status.FELL,
    Status.SENT,
)

CARRIED = (Status.CARRIED, Status.SENT)


@router.digest_section
async def submissions_progress(req: DigestRequest) -> DigestSection | None:
    drafts = await req.uow.get(SUBMISSIONS).progress()
    live = [d for d in drafts if d.status is not Status.WITHDRAWN]
    if not live:
        return None
    motions = [d for d in live if d.kind is Kind.MOTION]
    submissions = [d for d in live if d.kind is not Kind.MOTION]
    started = sum(1 for d in live if req.start <= d.created_at < req.end)
    first, last = req.start.date(), req.end.date()

    def this_week(on: date | None) -> bool:
        return on is not None and first <= on <= last

    news = [f"{started} new this week"]
    submitted = sum(
        1 for d in submissions if d.status is Status.SUBMITTED and this_week(d.forum_submitted_on)
    )
    if submitted:
        news.append(f"{submitted} submitted to the Policy Forum this week")
    carried = sum(1 for d in motions if d.status in CARRIED and this_week(d.decided_on))
    if carried:
        news.append(f"{plural(carried, 'motion')} carried this week")
    sent = sum(1 for d in motions if d.status is Status.SENT and this_week(d.sent_on))
    if sent:
        news.append(f"{plural(sent, 'motion')} sent to Annual Conference this week")
    blocks: list[Block] = [p(f"Members' drafts and motions: {', '.join(news)}.")]
    if submissions:
        blocks.append(bullets(*_lines(submissions)))
    if motions:
        blocks += [p("Motions to conference:"), bullets(*_lines(motions))]
    return DigestSection("Policy submissions", tuple(blocks), order=20)


def _lines(drafts: list[DraftProgress]) -> list[str]:
    by_status = Counter(d.status for d in drafts)
    return [f"{by_status[s]} {s.label}" for s in SHOWN if by_status[s]]
