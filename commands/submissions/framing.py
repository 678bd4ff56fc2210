"""What every /submit step shares: where the member is, navigation, and moving on.

Each answer is written to the draft row before the next question is asked, so nothing
typed is lost to a restart, an expired conversation or a member who comes back days later.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from bot.context import Context
from bot.conversation import FlowContext, Goto, back_choice, skip_choice
from bot.model import Choice, OutgoingMessage
from bot.richtext import Block, b, p
from bot.stores.consultations import CONSULTATIONS
from bot.stores.submissions import Kind
from commands.submissions import persist
from commands.submissions.fields import STEP_TITLES, is_missing, route

KEEP = "keep"
PREVIEW = "preview"


async def route_for(ctx: Context, data: dict[str, Any]) -> list[str]:
    """This draft's steps; the consultation step only while one is open for its commission."""
    commission = data.get("fields", {}).get("commission")
    consultation_open = False
    if data.get("kind") != Kind.MOTION.value and commission:
        consultation_open = await _open_for(ctx, str(commission))
    return route(data, consultation_open)


_SEEN_OPEN: WeakKeyDictionary[Context, dict[str, bool]] = WeakKeyDictionary()
"""Per event: a step asks for its route twice (to move on, then for "Step 3 of 8")."""


async def _open_for(ctx: Context, commission: str) -> bool:
    seen = _SEEN_OPEN.setdefault(ctx, {})
    if commission not in seen:
        store = ctx.uow.get(CONSULTATIONS)
        seen[commission] = bool(await store.open_consultations(ctx.now(), commission))
    return seen[commission]


async def position(ctx: Context, data: dict[str, Any], step: str) -> str:
    """ "Step 3 of 8: the title" (or where the step stands outside the route)."""
    steps = await route_for(ctx, data)
    if step in steps:
        return f"Step {steps.index(step) + 1} of {len(steps)}: {STEP_TITLES[step]}"
    return "Check your draft" if step == PREVIEW else STEP_TITLES.get(step, step)


async def framed(
    f: FlowContext, step: str, blocks: list[Block], choices: tuple[Choice, ...] = ()
) -> OutgoingMessage:
    note = f.data.pop("note", None)
    head = [p(str(note))] if note else []
    where = await position(f.ctx, f.data, step)
    return OutgoingMessage(blocks=(*head, p(b(where)), *blocks), choices=choices)


def nav(f: FlowContext, *, keep: bool = False, skip: str | None = None) -> tuple[Choice, ...]:
    """Keep the current answer, skip an optional step, go back: as buttons."""
    choices: list[Choice] = []
    if keep:
        choices.append(Choice("Keep it as it is", KEEP))
    if skip is not None:
        choices.append(skip_choice(skip))
    if f.state.history:
        choices.append(back_choice())
    return tuple(choices)


def fields(f: FlowContext) -> dict[str, Any]:
    found: dict[str, Any] = f.data.setdefault("fields", {})
    return found


async def advance(f: FlowContext, current: str) -> Goto:
    """Save the draft and go on: the next step, or (when editing from the preview) back to it."""
    steps = await route_for(f.ctx, f.data)
    if f.data.get("editing"):
        target = next((s for s in steps if is_missing(f.data, s)), PREVIEW)
        if target == PREVIEW:
            f.data.pop("editing", None)
    else:
        later = steps[steps.index(current) + 1 :] if current in steps else []
        target = later[0] if later else PREVIEW
    await persist.save(f.ctx, f.data, target)
    return Goto(target)
