"""/report (and the Report button on ideas): a member tells the officers, privately, what
breaks the code of conduct and why. The report is stored first (the reporter's data, see
commands/conduct/privacy.py), then sent to the officers only, and the reporter is thanked
privately; it never reaches a group members read."""

from __future__ import annotations

from bot import conversation
from bot.commands import Where
from bot.context import Context
from bot.conversation import Answer, Finish, Flow, FlowContext, Goto, Retry, Step, Transition
from bot.limits import over_limit, quoted
from bot.model import OutgoingMessage
from commands.conduct.filing import file_report, missing
from commands.conduct.specs import REPORT, router
from commands.conduct.subjects import HOW, Subject, parse_subject

MAX_REASON = 1500


def _unclear(typed: str) -> str:
    return (
        f"I could not tell what you are reporting. {HOW}\n\nHere is what you typed, so"
        f" nothing is lost:\n\n{quoted(typed)}"
    )


async def _ask_what(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text("What are you reporting?", HOW)


async def _got_what(f: FlowContext, answer: Answer) -> Transition:
    parsed = parse_subject(answer.text)
    if parsed is None:
        return Retry(_unclear(answer.text))
    subject, reason = parsed
    problem = await missing(f.ctx, subject)
    if problem:
        return Retry(problem)
    f.data.update(kind=subject.kind, ref=subject.ref)
    if reason:
        return await _got_reason(f, Answer(text=reason))
    return Goto("reason")


def _subject(f: FlowContext) -> Subject:
    return Subject(str(f.data["kind"]), str(f.data["ref"]))


async def _ask_reason(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        f"Why are you reporting {_subject(f)}? Say what in it breaks the code of conduct"
        " (/conduct shows it). Only the officers will see your report, with your name."
    )


async def _got_reason(f: FlowContext, answer: Answer) -> Transition:
    reason = answer.text.strip()
    if not reason:
        return Retry("Please type your reason in a few words.")
    too_long = over_limit("reason", reason, MAX_REASON)
    if too_long:
        return Retry(too_long)
    return Finish(await file_report(f.ctx, _subject(f), reason))


REPORT_FLOW = router.flow(
    Flow(
        "report",
        (Step("what", _ask_what, _got_what), Step("reason", _ask_reason, _got_reason)),
        where=Where.PRIVATE,
        command="report",
    )
)


@router.command(REPORT)
async def report_command(ctx: Context) -> None:
    typed = ctx.args.strip()
    if not typed:
        await conversation.start(ctx, REPORT_FLOW)
        return
    parsed = parse_subject(typed)
    if parsed is None:
        await ctx.reply(_unclear(typed))
        return
    subject, reason = parsed
    await _report(ctx, subject, reason)


@router.action("report", where=Where.PRIVATE)
async def report_button(ctx: Context, argument: str) -> None:
    kind, _, ref = argument.partition(":")
    parsed = parse_subject(f"{kind} {ref}")
    if parsed is None:
        await ctx.reply(f"That button no longer works. {HOW}")
        return
    await _report(ctx, parsed[0], "")


async def _report(ctx: Context, subject: Subject, reason: str) -> None:
    problem = await missing(ctx, subject)
    if problem:
        await ctx.reply(problem)
        return
    data = {"kind": subject.kind, "ref": subject.ref}
    if not reason:
        await conversation.start(ctx, REPORT_FLOW, data=data, step="reason")
        return
    too_long = over_limit("reason", reason, MAX_REASON)
    if too_long:
        await ctx.reply(too_long)
        await conversation.start(ctx, REPORT_FLOW, data=data, step="reason")
        return
    await ctx.reply(await file_report(ctx, subject, reason))
