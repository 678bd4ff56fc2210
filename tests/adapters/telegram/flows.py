"""A small private conversation and an officer command, for driving the adapter end to end
while the feature commands are elsewhere."""

from __future__ import annotations

from bot import conversation
from bot.app import build_router
from bot.commands import Access, CommandSpec, Where
from bot.context import Context
from bot.conversation import Answer, Finish, Flow, FlowContext, Goto, Retry, Step, Transition
from bot.model import Attachment, Choice, OutgoingMessage
from bot.richtext import p
from bot.router import Router

ORDER = CommandSpec("order", "Order a cup of tea", where=Where.PRIVATE)
PURGE = CommandSpec("purge", "Officers only: delete everything", access=Access.OFFICER)
NOTE = CommandSpec("note", "Note something down, in any chat")
ESSAY = CommandSpec("essay", "A very long answer, with a file", hidden=True)


async def ask_drink(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        "Tea or coffee?", choices=(Choice("Tea", "tea"), Choice("Coffee", "coffee"))
    )


async def got_drink(f: FlowContext, answer: Answer) -> Transition:
    f.data["drink"] = answer.choice
    return Goto("name")


async def ask_name(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(f"Whose {f.data['drink']} is it?")


async def got_name(f: FlowContext, answer: Answer) -> Transition:
    if not answer.text.strip():
        return Retry("Please type a name.")
    return Finish(OutgoingMessage.text(f"One {f.data['drink']} for {answer.text}."))


TEA = Flow(
    "order",
    (Step("drink", ask_drink, got_drink, text_allowed=False), Step("name", ask_name, got_name)),
)


async def ask_note(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text("What should I note?")


async def got_note(f: FlowContext, answer: Answer) -> Transition:
    return Finish(OutgoingMessage.text(f"Noted: {answer.text}"))


NOTES = Flow("note", (Step("text", ask_note, got_note),))

PARAGRAPH = "All work and no play makes Jack a dull boy & <b>not</b> bold. " * 20


def flows_router() -> Router:
    router = Router("telegram-tests")
    router.flow(TEA)
    router.flow(NOTES)

    @router.command(NOTE)
    async def note(ctx: Context) -> None:
        await conversation.start(ctx, NOTES)

    @router.command(ORDER)
    async def order(ctx: Context) -> None:
        await conversation.start(ctx, TEA)

    @router.command(PURGE)
    async def purge(ctx: Context) -> None:
        await ctx.reply("Purged.")

    @router.command(ESSAY)
    async def essay(ctx: Context) -> None:
        blocks = tuple(p(f"{number}. {PARAGRAPH}") for number in range(1, 11))
        ics = Attachment("talk.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
        await ctx.reply(OutgoingMessage(blocks=blocks, attachment=ics))

    root = build_router()
    root.include(router)
    return root
