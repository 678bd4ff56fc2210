"""Choices as buttons or select menus, and free-text answers as modal forms.

Views are built only to be serialised: each is stopped before it is sent, so discord.py's
view store never dispatches presses itself; the client's `on_interaction` looks every
custom_id up in `Tokens` (the core's button registry) instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import discord

from adapters.discord.render import plain_label
from adapters.discord.tokens import (
    ChoiceTarget,
    FormTarget,
    MenuTarget,
    OpenForm,
    Target,
    Tokens,
)
from bot.model import Choice, Form, FormField, OutgoingMessage

MAX_BUTTONS = 10
"""More choices than this become select menus (25 options each, up to 4 menus)."""
MAX_CHOICES = 100
"""Four select menus of 25 (Discord's 5 rows, the fifth kept for the answer button)."""
WRITE_ANSWER = "Write your answer"
ANSWER_FIELD = "text"


def answer_form(message: OutgoingMessage) -> Form | None:
    """The form a "Write your answer" button opens, if the message wants typed input."""
    if message.form is not None:
        return message.form
    if message.awaiting_text:
        box = FormField(ANSWER_FIELD, "Your answer", long=True, max_length=4000)
        return Form(ANSWER_FIELD, "Your answer", (box,))
    return None


async def build_view(
    message: OutgoingMessage, channel_id: str, tokens: Tokens
) -> discord.ui.View | None:
    """The buttons (or menus) and the form button for a message sent to `channel_id`."""
    choices = message.choices
    form = answer_form(message)
    if not choices and form is None:
        return None
    menus = [choices[at : at + 25] for at in range(0, min(len(choices), MAX_CHOICES), 25)]
    as_buttons = len(choices) <= MAX_BUTTONS
    targets: list[Target] = [ChoiceTarget(c.value) for c in choices[:MAX_CHOICES]]
    if not as_buttons:
        targets += [MenuTarget() for _ in menus]
    if form is not None:
        targets.append(OpenForm(form))
    ids = iter(await tokens.issue(channel_id, targets))
    view = discord.ui.View(timeout=None)
    if as_buttons:
        for n, choice in enumerate(choices):
            view.add_item(_button(choice, next(ids), row=n // 5))
    else:
        values = [next(ids) for _ in choices[:MAX_CHOICES]]
        for n, menu in enumerate(menus):
            view.add_item(_menu(menu, values[n * 25 : n * 25 + 25], next(ids), row=n))
    if form is not None:
        label = WRITE_ANSWER if message.form is None else plain_label(form.title, 80)
        view.add_item(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.success, custom_id=next(ids), row=4
            )
        )
    view.stop()  # serialise only: presses are routed by the client, not the view store
    return view


def _button(choice: Choice, custom_id: str, row: int) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(
        label=plain_label(choice.label, 80),
        style=discord.ButtonStyle.primary if row == 0 else discord.ButtonStyle.secondary,
        custom_id=custom_id,
        row=row,
    )


def _menu(
    choices: Sequence[Choice], values: Sequence[str], custom_id: str, row: int
) -> discord.ui.Select[discord.ui.View]:
    options = [
        discord.SelectOption(label=plain_label(c.label, 100), value=value)
        for c, value in zip(choices, values, strict=True)
    ]
    return discord.ui.Select(
        placeholder="Choose one…", options=options, custom_id=custom_id, row=row
    )


async def build_modal(form: Form, channel_id: str, tokens: Tokens) -> discord.ui.Modal:
    boxes = form.fields[:5]  # Discord's limit per modal
    [custom_id] = await tokens.issue(
        channel_id, [FormTarget(form.form_id, tuple(f.name for f in boxes))]
    )
    modal = discord.ui.Modal(title=plain_label(form.title, 45), timeout=None, custom_id=custom_id)
    for box in boxes:
        modal.add_item(
            discord.ui.TextInput(
                label=plain_label(box.label, 45),
                custom_id=box.name,
                style=discord.TextStyle.paragraph if box.long else discord.TextStyle.short,
                required=box.required,
                max_length=min(box.max_length, 4000),
                default=box.value[:4000] or None,
            )
        )
    modal.stop()
    return modal


def modal_fields(data: Mapping[str, object], allowed: Sequence[str]) -> dict[str, str]:
    """Box name -> text from a modal submit's payload, only the boxes we asked for."""
    fields: dict[str, str] = {}
    rows = data.get("components")
    for row in rows if isinstance(rows, list) else []:
        inner = row.get("components", [row]) if isinstance(row, dict) else []
        component = row.get("component") if isinstance(row, dict) else None
        for item in [*inner, *([component] if isinstance(component, dict) else [])]:
            name, value = item.get("custom_id"), item.get("value")
            if name in allowed and isinstance(value, str):
                fields[name] = value
    return fields
