"""The last /submit step: the whole draft to check, edit any part of, or send for review."""

from __future__ import annotations

from typing import Any

from bot.context import Context
from bot.conversation import Answer, Finish, FlowContext, Goto, Retry, Step, Transition
from bot.model import Choice, OutgoingMessage
from bot.richtext import Block, b, bullets, p
from bot.stores.submissions import SUBMISSIONS, Draft, Kind, Status
from commands.submissions import persist
from commands.submissions.fields import STEP_TITLES, draft_problems
from commands.submissions.framing import PREVIEW, framed, route_for
from commands.submissions.notify import tell_officers
from commands.submissions.render import Viewer, draft_blocks, heading

SEND, LATER, EDIT = "send", "later", "edit-"


async def ask_preview(f: FlowContext) -> OutgoingMessage:
    steps = await route_for(f.ctx, f.data)
    draft = await persist.preview_draft(f.ctx, f.data)
    blocks: list[Block] = draft_blocks(draft, Viewer.AUTHOR, f.ctx.config.policy)
    problems = draft_problems(f.data, steps, f.ctx.config.policy)
    if problems:
        blocks += [p(b("Before it can go for review:")), bullets(*problems)]
    else:
        blocks.append(p("Happy with it? Send it for review, or change any part first."))
    choices = (
        Choice("Send it for review", SEND),
        *(Choice(f"Edit {STEP_TITLES[s]}", f"{EDIT}{s}") for s in steps),
        Choice("Save and finish later", LATER),
    )
    return await framed(f, PREVIEW, blocks, choices)


async def got_preview(f: FlowContext, answer: Answer) -> Transition:
    choice = str(answer.choice)
    if choice.startswith(EDIT):
        f.data["editing"] = True
        target = choice.removeprefix(EDIT)
        await persist.save(f.ctx, f.data, target)
        return Goto(target)
    if choice == LATER:
        draft = await persist.save(f.ctx, f.data, PREVIEW)
        return Finish(
            OutgoingMessage.text(
                f"Saved “{draft.title}”. Type /submit or /drafts to come back to it."
            )
        )
    problems = draft_problems(f.data, await route_for(f.ctx, f.data), f.ctx.config.policy)
    if problems:
        return Retry("It is not ready to send yet: " + "; ".join(problems) + ".")
    return Finish(await send_for_review(f.ctx, f.data))


async def send_for_review(ctx: Context, data: dict[str, Any]) -> OutgoingMessage:
    draft = await persist.save(ctx, data, None)
    again = draft.status is Status.RETURNED
    draft.status = Status.IN_REVIEW
    await ctx.uow.get(SUBMISSIONS).update(draft)
    await persist.record(ctx, draft, "resubmitted for review" if again else "sent for review")
    what = "motion" if draft.kind is Kind.MOTION else f"{draft.commission} submission"
    await tell_officers(
        ctx,
        OutgoingMessage(
            blocks=(
                p(b("New draft for review" if not again else "Draft resubmitted for review")),
                # the officers' chat may hold members who are not officers: the author is
                # named there only if they agreed to be named to members
                p(f"{heading(draft)} ({what})", _by(draft), "."),
                p(f"Type /review {draft.id} to open it."),
            ),
            choices=(Choice(f"Open #{draft.id}", f"review:open:{draft.id}"),),
        ),
    )
    return OutgoingMessage(
        blocks=(
            p("Thank you! ", b(heading(draft)), " is now with the officers for review."),
            p("I will tell you here when they have looked at it; /drafts shows where it stands."),
        )
    )


def _by(draft: Draft) -> str:
    return f" by {draft.author.display_name}" if draft.show_name else ""


PREVIEW_STEP = Step(PREVIEW, ask_preview, got_preview, text_allowed=False)
