"""Choices -> buttons or menus, typed answers -> modals, signed custom_ids."""

from __future__ import annotations

from adapters.discord.tokens import ChoiceTarget, FormTarget, OpenForm, Tokens
from adapters.discord.views import build_modal, build_view, modal_fields
from bot.buttons import Buttons
from bot.model import Choice, Form, FormField, OutgoingMessage

CHANNEL = "555"


def tokens_on(buttons: Buttons) -> Tokens:
    tokens = Tokens()
    tokens.buttons = buttons
    return tokens


async def test_few_choices_are_buttons_with_signed_ids(buttons: Buttons) -> None:
    tokens = tokens_on(buttons)
    message = OutgoingMessage.text("Tea?", choices=(Choice("Tea", "tea"), Choice("No", "no")))
    view = await build_view(message, CHANNEL, tokens)
    assert view is not None
    rows = view.to_components()
    ids = [c["custom_id"] for row in rows for c in row["components"]]
    assert [c["label"] for row in rows for c in row["components"]] == ["Tea", "No"]
    assert all(len(i) <= 100 for i in ids)
    assert await tokens.get(CHANNEL, ids[0]) == ChoiceTarget("tea")
    assert await tokens.get("556", ids[0]) is None  # replayed into another channel
    assert await tokens.get(CHANNEL, "ctea") is None  # forged
    assert await tokens.get(CHANNEL, ids[0][:-1] + "x") is None  # altered


async def test_awaiting_text_adds_a_write_button_that_opens_a_one_box_form(
    buttons: Buttons,
) -> None:
    tokens = tokens_on(buttons)
    message = OutgoingMessage(blocks=OutgoingMessage.text("Title?").blocks, awaiting_text=True)
    view = await build_view(message, CHANNEL, tokens)
    assert view is not None
    (button,) = [c for row in view.to_components() for c in row["components"]]
    assert button["label"] == "Write your answer"
    target = await tokens.get(CHANNEL, button["custom_id"])
    assert isinstance(target, OpenForm)
    assert [f.name for f in target.form.fields] == ["text"]
    assert await build_view(OutgoingMessage.text("Just text"), CHANNEL, tokens) is None


async def test_a_form_with_long_text_survives_in_the_registry(buttons: Buttons) -> None:
    draft = "The buses stop at six. " * 100
    form = Form("draft", "Your draft", (FormField("problem", "Problem", long=True, value=draft),))
    message = OutgoingMessage(blocks=OutgoingMessage.text("Edit").blocks, form=form)
    view = await build_view(message, CHANNEL, tokens_on(buttons))
    assert view is not None
    (button,) = [c for row in view.to_components() for c in row["components"]]
    later = tokens_on(Buttons(buttons.storage, buttons.clock))  # a restart, or another worker
    assert await later.get(CHANNEL, button["custom_id"]) == OpenForm(form)


async def test_modal_from_a_form_and_only_asked_boxes_come_back(buttons: Buttons) -> None:
    tokens = tokens_on(buttons)
    form = Form(
        "draft",
        "Your draft",
        (FormField("title", "Title", max_length=150), FormField("problem", "Problem", long=True)),
    )
    modal = (await build_modal(form, CHANNEL, tokens)).to_dict()
    assert modal["title"] == "Your draft"
    target = await tokens.get(CHANNEL, modal["custom_id"])
    assert target == FormTarget("draft", ("title", "problem"))
    submitted = {
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "title", "value": "Buses"}]},
            {"type": 18, "component": {"type": 4, "custom_id": "problem", "value": "Too few"}},
            {"type": 1, "components": [{"type": 4, "custom_id": "forged", "value": "x"}]},
        ]
    }
    assert modal_fields(submitted, target.field_names) == {"title": "Buses", "problem": "Too few"}


async def test_many_choices_become_select_menus(buttons: Buttons) -> None:
    tokens = tokens_on(buttons)
    choices = tuple(Choice(f"Option {n}", str(n)) for n in range(40))
    view = await build_view(OutgoingMessage.text("Pick", choices=choices), CHANNEL, tokens)
    assert view is not None
    menus = [c for row in view.to_components() for c in row["components"]]
    assert [len(m["options"]) for m in menus] == [25, 15]
    assert await tokens.get(CHANNEL, menus[1]["options"][2]["value"]) == ChoiceTarget("27")
