"""The submissions progress section of the digest: counts only, never names or titles.

Submissions and motions are counted apart, each in the words of its route: a submission is
submitted to the Policy Forum; a motion is put to the General Meeting, carried or fell, and
sent to Annual Conference.
"""

from __future__ import annotations

from collections import Counter

from bot.digest import DigestRequest, DigestSection
from bot.richtext import Block, bullets, p, plural
from bot.router import Router
from bot.stores.submissions import SUBMISSIONS, Kind, ProgressCount, Status

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
    first, last = req.start.date(), req.end.date()
    counts = await req.uow.get(SUBMISSIONS).progress_counts(req.start, req.end, first, last)
    live = [c for c in counts if c.status is not Status.WITHDRAWN]
    if not live:
        return None
    motions = [c for c in live if c.kind is Kind.MOTION]
    submissions = [c for c in live if c.kind is not Kind.MOTION]
    news = [f"{sum(c.created for c in live)} new this week"]
    submitted = sum(c.forum_submitted for c in submissions if c.status is Status.SUBMITTED)
    if submitted:
        news.append(f"{submitted} submitted to the Policy Forum this week")
    carried = sum(c.decided for c in motions if c.status in CARRIED)
    if carried:
        news.append(f"{plural(carried, 'motion')} carried this week")
    sent = sum(c.sent for c in motions if c.status is Status.SENT)
    if sent:
        news.append(f"{plural(sent, 'motion')} sent to Annual Conference this week")
    blocks: list[Block] = [p(f"Members' drafts and motions: {', '.join(news)}.")]
    if submissions:
        blocks.append(bullets(*_lines(submissions)))
    if motions:
        blocks += [p("Motions to conference:"), bullets(*_lines(motions))]
    return DigestSection("Policy submissions", tuple(blocks), order=20)


def _lines(counts: list[ProgressCount]) -> list[str]:
    by_status = Counter[Status]()
    for c in counts:
        by_status[c.status] += c.count
    return [f"{by_status[s]} {s.label}" for s in SHOWN if by_status[s]]
