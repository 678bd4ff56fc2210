"""Choices -> buttons or menus, typed answers -> modals, opaque custom_ids."""

from __future__ import annotations

from adapters.discord.tokens import ChoiceTarget, FormTarget, OpenForm, Tokens
from adapters.discord.views import build_modal, build_view, modal_fields
from bot.model import Choice, Form, FormField, OutgoingMessage


def test_few_choices_are_buttons_with_opaque_ids() -> None:
    tokens = Tokens()
    message = OutgoingMessage.text("Tea?", choices=(Choice("Tea", "tea"), Choice("No", "no")))
    view = build_view(message, tokens)
    assert view is not None
    rows = view.to_components()
    buttons = [c for row in rows for c in row["components"]]
    assert [b["label"] for b in buttons] == ["Tea", "No"]
    assert all("tea" not in b["custom_id"] for b in buttons)
    assert tokens.get(buttons[0]["custom_id"]) == ChoiceTarget("tea")
    assert tokens.get("tea") is None


def test_awaiting_text_adds_a_write_button_that_opens_a_one_box_form() -> None:
    tokens = Tokens()
    message = OutgoingMessage(blocks=OutgoingMessage.text("Title?").blocks, awaiting_text=True)
    view = build_view(message, tokens)
    assert view is not None
    (button,) = [c for row in view.to_components() for c in row["components"]]
    assert button["label"] == "Write your answer"
    target = tokens.get(button["custom_id"])
    assert isinstance(target, OpenForm)
    assert [f.name for f in target.form.fields] == ["text"]
    assert build_view(OutgoingMessage.text("Just text"), tokens) is None


def test_modal_from_a_form_and_only_asked_boxes_come_back() -> None:
    tokens = Tokens()
    form = Form(
        "draft",
        "Your draft",
        (FormField("title", "Title", max_length=150), FormField("problem", "Problem", long=True)),
    )
    modal = build_modal(form, tokens).to_dict()
    assert modal["title"] == "Your draft"
    target = tokens.get(modal["custom_id"])
    assert target == FormTarget("draft", ("title", "problem"))
    submitted = {
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "title", "value": "Buses"}]},
            {"type": 18, "component": {"type": 4, "custom_id": "problem", "value": "Too few"}},
            {"type": 1, "components": [{"type": 4, "custom_id": "forged", "value": "x"}]},
        ]
    }
    assert modal_fields(submitted, target.field_names) == {"title": "Buses", "problem": "Too few"}


def test_many_choices_become_select_menus() -> None:
    tokens = Tokens()
    choices = tuple(Choice(f"Option {n}", str(n)) for n in range(40))
    view = build_view(OutgoingMessage.text("Pick", choices=choices), tokens)
    assert view is not None
    menus = [c for row in view.to_components() for c in row["components"]]
    assert [len(m["options"]) for m in menus] == [25, 15]


def test_tokens_are_bounded() -> None:
    tokens = Tokens(limit=2)
    first = tokens.issue(ChoiceTarget("a"))
    tokens.issue(ChoiceTarget("b"))
    tokens.issue(ChoiceTarget("c"))
    assert tokens.get(first) is None
