"""A typed answer that names one of the buttons a prompt offered: its number ("2"), its
label ("Save"), its label without the aside in brackets ("skip" for "Skip (optional)"),
or, where the prompt offered one button only, a plain yes ("yes", "ok") for that button.

Used by the conversation engine for the steps of a flow, and by the dispatcher for the
buttons of a message outside any conversation (the code of conduct's "I agree").
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.commands import whole_number

Offered = Sequence[tuple[str, str]]
"""(label, value) of each choice, in the order shown."""

YES = frozenset({"yes", "y", "yes please", "ok", "okay", "sure", "agree", "i agree", "confirm"})
NAVIGATION = ("@back", "@skip", "@page:")
"""Values of choices that move around a flow (« Back, Skip) rather than answer it."""


def typed_choice(
    typed: str, offered: Offered, *, numbers: bool = True, yes: bool = False
) -> str | None:
    """The value of the choice `typed` names, else None. `numbers=False` where a typed
    number is an answer of its own; `yes=True` lets a plain yes take a lone button."""
    text = typed.strip()
    values = [value for _, value in offered]
    number = whole_number(text, 1, len(offered)) if numbers else None
    if number is not None:
        return values[number - 1]
    wanted = " ".join(text.casefold().split()).rstrip(".!")
    for label, value in offered:
        if wanted in (label.casefold(), value.casefold()):
            return value
    by_name = [value for label, value in offered if bare(label).casefold() == wanted]
    if len(by_name) == 1:  # "buses" names neither "Buses (north)" nor "Buses (south)"
        return by_name[0]
    answers = [value for value in values if not value.startswith(NAVIGATION)]
    if yes and len(answers) == 1 and wanted in YES:
        return answers[0]
    return None


def bare(label: str) -> str:
    """A label without its trailing aside, as a person would type it: "Skip (optional)"
    is answered by "skip", "Contemporary motion (chosen)" by "contemporary motion"."""
    head, paren, _ = label.rpartition(" (")
    return head.strip() if paren and label.endswith(")") and head.strip() else label


NAMED_AT_MOST = 4


def quoted_labels(offered: Offered) -> str:
    """“Yes, cancel it” or “No, keep it”: the buttons, as a sentence names them (more
    than a few: "one of the buttons")."""
    if len(offered) > NAMED_AT_MOST:
        return "one of the buttons"
    labels = [f"“{label}”" for label, _ in offered]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
