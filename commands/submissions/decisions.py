"""An officer's decision on a draft: the new status, who and when, and word to the author."""

from __future__ import annotations

from bot.audit import audit
from bot.context import Context
from bot.model import Choice, OutgoingMessage
from bot.richtext import b, p
from bot.stores.submissions import SUBMISSIONS, Draft, Status
from commands.submissions import persist
from commands.submissions.notify import tell_author
from commands.submissions.render import heading


async def decide(
    ctx: Context, draft: Draft, status: Status, action: str, comment: str = ""
) -> None:
    """Change the status, record who and when, and tell the author (privately)."""
    draft.status, draft.updated_at = status, ctx.now()
    if status is Status.RETURNED:
        draft.step = "preview"
    await ctx.uow.get(SUBMISSIONS).update(draft)
    await persist.record(ctx, draft, action, comment)
    await audit(ctx, "review.decision", f"draft #{draft.id}", action)
    await tell_author(ctx, draft, author_news(draft, comment))


def author_news(draft: Draft, comment: str = "") -> OutgoingMessage:
    title = heading(draft)
    if draft.status is Status.RETURNED:
        return OutgoingMessage(
            blocks=(
                p("The officers returned ", b(title), " with a comment:"),
                p(comment),
                p("Edit it and send it again when you are ready (or open it with /drafts)."),
            ),
            choices=(Choice("Edit and send again", f"draft:continue:{draft.id}"),),
        )
    if draft.status is Status.SUBMITTED and draft.forum_submitted_on:
        when = f"{draft.forum_submitted_on:%d %B %Y}"
        return OutgoingMessage.text(
            f"{title} was submitted to the National Policy Forum on {when}. Thank you!"
        )
    if draft.status is Status.APPROVED:
        return OutgoingMessage.text(
            f"Good news: the officers approved {title}. They will send it to the Policy Forum."
        )
    return OutgoingMessage.text(f"News on {title}: it is now {draft.status.label}.")
