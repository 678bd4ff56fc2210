"""Confirming a consultation's dates before anything is saved or announced.

Both forms of /consultation add (one line, or step by step) and a change of date in
/consultation edit end in a confirmation step that reads the dates back in the CLP's time
zone; only "Save" stores (and, for a new one, announces) it.
"""

from __future__ import annotations

from typing import Any

from bot.conversation import Answer, Finish, FlowContext, Retry, Step, Transition
from bot.model import Choice, OutgoingMessage
from bot.richtext import Block, b, p
from bot.stores.consultations import CONSULTATIONS
from commands.consultations.fields import InvalidInputError, edited, moment
from commands.consultations.render import day_and_time
from commands.consultations.saving import check_edit, save_edit, save_new

SAVE, DISCARD = "save", "discard"
DISCARDED = "Discarded: nothing was saved or announced."


def _when(value: Any, f: FlowContext, none: str) -> str:
    at = moment(value)
    return day_and_time(at, f.ctx.config.clp.zone) if at is not None else none


async def ask_confirm_new(f: FlowContext) -> OutgoingMessage:
    d = f.data
    blocks: list[Block] = [
        p(b("Please check before I save and announce it:")),
        p(b("Title: "), str(d["title"])),
        p(b("Policy commission: "), str(d.get("commission") or "all commissions")),
        p(b("Link: "), str(d.get("link") or "none")),
        p(b("Opens: "), _when(d.get("opens"), f, "open now")),
        p(b("Closes: "), _when(d.get("closes"), f, "no closing date")),
    ]
    return OutgoingMessage(
        blocks=tuple(blocks),
        choices=(Choice("Save and announce", SAVE), Choice("Discard", DISCARD)),
    )


async def got_confirm_new(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice != SAVE:
        return Finish(OutgoingMessage.text(DISCARDED))
    return Finish(await save_new(f.ctx, f.data))


async def ask_confirm_edit(f: FlowContext) -> OutgoingMessage:
    field = str(f.data["field"])
    which = "opening" if field == "opens" else "closing"
    said = _when(f.data.get("value"), f, f"no {which} date")
    return OutgoingMessage.text(
        f"Change the {which} date of consultation #{f.data['id']} to {said}?",
        choices=(Choice("Save", SAVE), Choice("Discard", DISCARD)),
    )


async def got_confirm_edit(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice != SAVE:
        return Finish(OutgoingMessage.text("Discarded: nothing was changed."))
    c = await f.ctx.uow.get(CONSULTATIONS).get(int(f.data["id"]))
    if c is None or c.removed_at is not None:
        return Finish(OutgoingMessage.text("That consultation has been removed meanwhile."))
    changed = edited(c, str(f.data["field"]), f.data.get("value"))
    try:
        check_edit(changed, f.ctx.now())
    except InvalidInputError as problem:
        return Retry(f"{problem} Press Discard and edit it again.")
    return Finish(await save_edit(f.ctx, changed))


CONFIRM_NEW = Step("confirm", ask_confirm_new, got_confirm_new, text_allowed=False)
CONFIRM_EDIT = Step("confirm", ask_confirm_edit, got_confirm_edit, text_allowed=False)
