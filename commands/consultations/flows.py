"""The step-by-step /consultation add and /consultation edit NUMBER conversations."""

from __future__ import annotations

from bot.commands import Access
from bot.conversation import SKIP, Answer, Finish, Flow, FlowContext, Goto, Retry, Step, Transition
from bot.conversation import skip_choice as skip
from bot.model import Choice, OutgoingMessage
from bot.stores.consultations import CONSULTATIONS
from commands.consultations.confirm import CONFIRM_EDIT, CONFIRM_NEW
from commands.consultations.dates import EXAMPLES
from commands.consultations.fields import (
    FIELDS_ASKED,
    InvalidInputError,
    check,
    check_dates,
    edited,
)
from commands.consultations.saving import check_edit, save_edit
from commands.consultations.specs import FIELDS

ALL = "@all"
PROMPTS = {
    "title": "What is the consultation's title?",
    "commission": "Which policy commission runs it?",
    "link": "Its link on the Policy Forum website (https://...)?",
    "opens": f"When does it open? ({EXAMPLES})",
    "closes": f"When does it close? ({EXAMPLES})",
    "summary": "A short summary for members?",
}


def _choices(field: str, f: FlowContext) -> tuple[Choice, ...]:
    if field == "commission":
        names = f.ctx.config.policy.commissions
        return (*(Choice(name, name) for name in names), Choice("All commissions", ALL))
    if field in ("link", "opens", "closes", "summary"):
        return (skip("Skip" if field != "opens" else "It is open now"),)
    return ()


def _asker(field: str, position: int) -> Step:
    async def ask(f: FlowContext) -> OutgoingMessage:
        text = f"Step {position} of {len(FIELDS_ASKED)}: {PROMPTS[field]}"
        return OutgoingMessage.text(text, choices=_choices(field, f))

    async def receive(f: FlowContext, answer: Answer) -> Transition:
        typed = "" if answer.choice in (SKIP, ALL) else (answer.choice or answer.text)
        try:
            f.data[field] = check(field, typed, f.ctx.config, f.ctx.now())
            if field == "closes":
                check_dates(f.data.get("opens"), f.data.get("closes"), f.ctx.now())
        except InvalidInputError as problem:
            return Retry(str(problem))
        if position < len(FIELDS_ASKED):
            return Goto(FIELDS_ASKED[position])
        return Goto("confirm")

    return Step(field, ask, receive)


ADD_FLOW = Flow(
    "consultation_add",
    (*(_asker(field, n) for n, field in enumerate(FIELDS_ASKED, start=1)), CONFIRM_NEW),
    access=Access.CONSULTATIONS,
    command="consultation add",
)


async def ask_field(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        f"What do you want to change in consultation #{f.data['id']}?",
        choices=tuple(Choice(field.title(), field) for field in FIELDS),
    )


async def got_field(f: FlowContext, answer: Answer) -> Transition:
    f.data["field"] = answer.choice
    return Goto("value")


async def ask_value(f: FlowContext) -> OutgoingMessage:
    field = str(f.data["field"])
    return OutgoingMessage.text(PROMPTS[field], choices=_choices(field, f))


async def got_value(f: FlowContext, answer: Answer) -> Transition:
    field = str(f.data["field"])
    c = await f.ctx.uow.get(CONSULTATIONS).get(int(f.data["id"]))
    if c is None or c.removed_at is not None:
        return Finish(OutgoingMessage.text("That consultation has been removed meanwhile."))
    typed = "" if answer.choice in (SKIP, ALL) else (answer.choice or answer.text)
    try:
        value = check(field, typed, f.ctx.config, f.ctx.now())
        changed = edited(c, field, value)
        if field in ("opens", "closes"):
            check_edit(changed, f.ctx.now())
    except InvalidInputError as problem:
        return Retry(str(problem))
    if field in ("opens", "closes"):
        f.data["value"] = value
        return Goto("confirm")
    return Finish(await save_edit(f.ctx, changed))


EDIT_FLOW = Flow(
    "consultation_edit",
    (
        Step("field", ask_field, got_field, text_allowed=False),
        Step("value", ask_value, got_value),
        CONFIRM_EDIT,
    ),
    access=Access.CONSULTATIONS,
    command="consultation edit",
)
