"""Filing a member's report: stored first (the reporter's data), then queued to the
officers only, with a "Hide idea" button when it is about an idea still shown."""

from __future__ import annotations

from bot.context import Context
from bot.model import Choice, OutgoingMessage
from bot.richtext import b, bullets, p, shorten
from bot.stores.ideas import IDEAS, IdeaStatus
from bot.stores.reports import REPORTS, Report
from commands.conduct.officers import tell_officers
from commands.conduct.subjects import Subject
from commands.personal import person_id


async def missing(ctx: Context, subject: Subject) -> str | None:
    """Why the subject cannot be reported, if it names an idea that does not exist."""
    if subject.kind == "idea" and await ctx.uow.get(IDEAS).get(int(subject.ref)) is None:
        return f"There is no idea #{subject.ref}. Type /ideas to list them."
    return None


async def file_report(ctx: Context, subject: Subject, reason: str) -> OutgoingMessage:
    """Store the report, queue it to the officers; the thanks for the reporter."""
    stored = await ctx.uow.get(REPORTS).add(
        Report(await person_id(ctx), subject.kind, subject.ref, reason, ctx.now())
    )
    about = str(subject)
    choices: tuple[Choice, ...] = ()
    if subject.kind == "idea":
        idea = await ctx.uow.get(IDEAS).get(int(subject.ref))
        if idea is not None:
            about += f": “{shorten(idea.text, 200)}”"
            if idea.status is not IdeaStatus.HIDDEN:
                choices = (Choice(f"Hide idea #{subject.ref}", f"ideahide:{subject.ref}"),)
    reached = await tell_officers(
        ctx,
        OutgoingMessage(
            blocks=(
                p(b(f"Report #{stored.id} from a member (code of conduct)")),
                bullets(f"About {about}", f"Reported by {ctx.sender.display_name}"),
                p(f"Their reason: {reason}"),
            ),
            choices=choices,
        ),
    )
    thanks = (
        f"Thank you: your report #{stored.id} about {subject} is with the officers."
        if reached
        else f"Thank you: your report #{stored.id} about {subject} is recorded, but no"
        " officers' chat is set up yet: please also tell an officer directly."
    )
    return OutgoingMessage.text(
        thanks,
        "Only the officers see it, with your name; nobody in any group does."
        " It is listed in /mydata and /forgetme erases it.",
    )
