"""Signed custom_ids for buttons, menus and modals, through the core's button registry.

Discord hands a component's custom_id back to us on a press, and anyone can forge one. So
a custom_id is what it stands for (a `Target`, encoded as text) signed by `bot.buttons`
for the channel it was sent to, or a signed token for a target too long for 100
characters (a form with its boxes' current text). A custom_id we cannot verify, or one
whose stored target was pruned, is answered with "This button has expired". Both survive
a restart and work on any worker.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from bot.buttons import DISCORD_LIMIT, Buttons
from bot.model import Form, FormField
from bot.serialize import vars_of

PLATFORM = "discord"


@dataclass(frozen=True, slots=True)
class ChoiceTarget:
    """A button or menu option that stands for a choice's value."""

    value: str


@dataclass(frozen=True, slots=True)
class OpenForm:
    """The "Write your answer" button: opens `form` as a modal."""

    form: Form


@dataclass(frozen=True, slots=True)
class FormTarget:
    """A submitted modal: which form it was and which boxes it may contain."""

    form_id: str
    field_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MenuTarget:
    """A select menu: its options' values are `ChoiceTarget` tokens."""


Target = ChoiceTarget | OpenForm | FormTarget | MenuTarget


def encode(target: Target) -> str:
    if isinstance(target, ChoiceTarget):
        return "c" + target.value
    if isinstance(target, MenuTarget):
        return "m"
    if isinstance(target, FormTarget):
        return "f" + json.dumps([target.form_id, list(target.field_names)])
    form = target.form
    fields = [vars_of(f) for f in form.fields]
    return "o" + json.dumps([form.form_id, form.title, fields])


def decode(payload: str) -> Target | None:
    kind, body = payload[:1], payload[1:]
    try:
        if kind == "c":
            return ChoiceTarget(body)
        if kind == "m":
            return MenuTarget()
        if kind == "f":
            form_id, names = json.loads(body)
            return FormTarget(str(form_id), tuple(str(n) for n in names))
        if kind == "o":
            form_id, title, fields = json.loads(body)
            return OpenForm(Form(form_id, title, tuple(FormField(**f) for f in fields)))
    except (ValueError, TypeError):
        return None
    return None


class Tokens:
    """The registry as the Discord adapter uses it; attached when the adapter starts."""

    def __init__(self) -> None:
        self.buttons: Buttons | None = None

    def _registry(self) -> Buttons:
        if self.buttons is None:
            raise RuntimeError("the Discord adapter is not started")
        return self.buttons

    async def issue(self, channel_id: str, targets: Sequence[Target]) -> list[str]:
        payloads = [encode(t) for t in targets]
        return await self._registry().issue(PLATFORM, channel_id, payloads, limit=DISCORD_LIMIT)

    async def get(self, channel_id: str, custom_id: str) -> Target | None:
        payload = await self._registry().resolve(PLATFORM, channel_id, custom_id)
        return None if payload is None else decode(payload)
