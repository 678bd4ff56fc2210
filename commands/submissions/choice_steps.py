"""/submit steps answered with a choice: kind, policy commission, consultation, visibility."""

from __future__ import annotations

from bot.conversation import Answer, FlowContext, Retry, Step, Transition
from bot.model import Choice, OutgoingMessage
from bot.richtext import p
from bot.stores.consultations import CONSULTATIONS
from bot.stores.submissions import Kind
from commands.submissions.fields import KIND_LABELS
from commands.submissions.framing import advance, fields, framed, nav

NO_CONSULTATION = "none"
SHOW, HIDE = "show", "hide"


def _mark(label: str, chosen: bool) -> str:
    return f"{label} (chosen)" if chosen else label


async def ask_kind(f: FlowContext) -> OutgoingMessage:
    choices = tuple(
        Choice(_mark(label, f.data.get("kind") == kind.value), kind.value)
        for kind, label in KIND_LABELS.items()
    )
    text = (
        "What are you writing: a submission to a National Policy Forum consultation, or a "
        "contemporary motion to annual conference (at most "
        f"{f.ctx.config.policy.motion_max_words} words, one subject)?"
    )
    return await framed(f, "kind", [p(text)], choices + nav(f))


async def got_kind(f: FlowContext, answer: Answer) -> Transition:
    f.data["kind"] = Kind(str(answer.choice)).value
    return await advance(f, "kind")


async def ask_commission(f: FlowContext) -> OutgoingMessage:
    chosen = fields(f).get("commission")
    choices = tuple(
        Choice(_mark(name, name == chosen), f"commission-{n}")
        for n, name in enumerate(f.ctx.config.policy.commissions, start=1)
    )
    text = "Which policy commission is it for?"
    return await framed(f, "commission", [p(text)], choices + nav(f))


async def got_commission(f: FlowContext, answer: Answer) -> Transition:
    commissions = f.ctx.config.policy.commissions
    number = int(str(answer.choice).removeprefix("commission-"))
    if not 1 <= number <= len(commissions):
        return Retry("That commission is no longer on the list. Please choose again:")
    name = commissions[number - 1]
    if fields(f).get("commission") != name:
        fields(f).pop("consultation_id", None)
        fields(f).pop("consultation_title", None)
    fields(f)["commission"] = name
    return await advance(f, "commission")


async def ask_consultation(f: FlowContext) -> OutgoingMessage:
    commission = fields(f).get("commission")
    store = f.ctx.uow.get(CONSULTATIONS)
    found = await store.open_consultations(f.ctx.now(), str(commission) if commission else None)
    zone = f.ctx.config.clp.zone
    chosen = fields(f).get("consultation_id", -1)
    choices = [
        Choice(
            _mark(
                c.title
                + (f" (closes {c.closes_at.astimezone(zone):%d %b})" if c.closes_at else ""),
                c.id == chosen,
            ),
            f"consultation-{c.id}",
        )
        for c in found
    ]
    choices.append(
        Choice(_mark("Not for a particular consultation", chosen is None), NO_CONSULTATION)
    )
    text = "A consultation is open for this commission. Does your submission answer it?"
    return await framed(f, "consultation", [p(text)], (*choices, *nav(f)))


async def got_consultation(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == NO_CONSULTATION:
        fields(f)["consultation_id"] = None
        fields(f)["consultation_title"] = None
        return await advance(f, "consultation")
    number = int(str(answer.choice).removeprefix("consultation-"))
    consultation = await f.ctx.uow.get(CONSULTATIONS).get(number)
    if consultation is None or not consultation.is_open(f.ctx.now()):
        return Retry("That consultation has closed. Please choose again:")
    fields(f)["consultation_id"] = consultation.id
    fields(f)["consultation_title"] = consultation.title
    return await advance(f, "consultation")


async def ask_visibility(f: FlowContext) -> OutgoingMessage:
    shown = f.data.get("show_name")
    choices = (
        Choice(_mark("Yes, members may see my name", shown is True), SHOW),
        Choice(_mark("No, only officers may see my name", shown is False), HIDE),
    )
    goes_to = "Annual Conference" if f.data.get("kind") == Kind.MOTION.value else "the Policy Forum"
    text = (
        "May other members see that you (and your co-authors) wrote this? Officers always "
        f"can. If you say no, {goes_to} sees it as from the CLP, without names."
    )
    return await framed(f, "visibility", [p(text)], choices + nav(f))


async def got_visibility(f: FlowContext, answer: Answer) -> Transition:
    f.data["show_name"] = answer.choice == SHOW
    return await advance(f, "visibility")


CHOICE_STEPS = (
    Step("kind", ask_kind, got_kind, text_allowed=False),
    Step("commission", ask_commission, got_commission, text_allowed=False),
    Step("consultation", ask_consultation, got_consultation, text_allowed=False),
    Step("visibility", ask_visibility, got_visibility, text_allowed=False),
)
