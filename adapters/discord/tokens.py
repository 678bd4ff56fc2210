"""Opaque custom_ids for buttons, menus and modals.

Discord hands a component's custom_id back to us on a press, and anyone can forge one. So
a custom_id is never the value itself: it is a random token we map to what it stands for
in a bounded in-memory map. A token we do not know (forged, or from before a restart) is
answered with "This button has expired".
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass

from bot.model import Form

PREFIX = "clp:"


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


class Tokens:
    def __init__(self, limit: int = 20_000) -> None:
        self._limit = limit
        self._targets: OrderedDict[str, Target] = OrderedDict()

    def issue(self, target: Target) -> str:
        token = PREFIX + secrets.token_urlsafe(12)
        self._targets[token] = target
        while len(self._targets) > self._limit:
            self._targets.popitem(last=False)
        return token

    def get(self, token: str) -> Target | None:
        return self._targets.get(token)
