"""An officer's move on a draft (see routes.py): the new status and date, who and when (the
draft's history and the audit log), and word to the author and co-authors, privately, once
the event has committed."""

from __future__ import annotations

from datetime import date

from bot.audit import audit
from bot.context import Context
from bot.model import Choice, OutgoingMessage
from bot.richtext import b, p
from bot.stores.submissions import SUBMISSIONS, Draft, Status
from commands.submissions import persist
from commands.submissions.milestones import long_day
from commands.submissions.notify import tell_author, tell_coauthors
from commands.submissions.render import heading
from commands.submissions.routes import Move


async def decide(
    ctx: Context, draft: Draft, move: Move, comment: str = "", on: date | None = None
) -> None:
    """Take `move` (already checked against the route), record it and tell the authors."""
    if draft.status not in move.sources:
        raise ValueError(f"{move.name} from {draft.status} is not on the route")
    draft.status, draft.updated_at = move.to, ctx.now()
    if move.to is Status.RETURNED:
        draft.step = "preview"
    if move.date_field is not None:
        if on is None:
            raise ValueError(f"{move.name} needs a date")
        setattr(draft, move.date_field, on)
    await ctx.uow.get(SUBMISSIONS).update(draft)
    action = move.history.format(on=on.isoformat() if on else "")
    await persist.record(ctx, draft, action, comment)
    await audit(ctx, "review.decision", f"draft #{draft.id}", action)
    await tell_author(ctx, draft, author_news(draft, move, comment, on))
    await tell_coauthors(ctx, draft, coauthor_news(draft, move, comment, on))


def done(draft: Draft, move: Move, on: date | None = None) -> str:
    """What the officer is told."""
    return move.done.format(**_fields(draft, on))


def author_news(
    draft: Draft, move: Move, comment: str = "", on: date | None = None
) -> OutgoingMessage:
    if move.to is Status.RETURNED:
        return OutgoingMessage(
            blocks=(
                p("The officers returned ", b(heading(draft)), " with a comment:"),
                p(comment),
                p("Edit it and send it again when you are ready (or open it with /drafts)."),
            ),
            choices=(Choice("Edit and send again", f"draft:continue:{draft.id}"),),
        )
    return OutgoingMessage.text(move.news.format(**_fields(draft, on)))


def coauthor_news(
    draft: Draft, move: Move, comment: str = "", on: date | None = None
) -> OutgoingMessage:
    """The same news without the author's buttons (only the author edits)."""
    if move.to is Status.RETURNED:
        return OutgoingMessage(
            blocks=(
                p("The officers returned ", b(heading(draft)), " to its author with a comment:"),
                p(comment),
            )
        )
    return OutgoingMessage.text(move.news.format(**_fields(draft, on)))


def _fields(draft: Draft, on: date | None) -> dict[str, str]:
    return {
        "title": heading(draft),
        "day": long_day(on) if on else "",
        "short": f"{on:%d %B %Y}" if on else "",
    }
