"""What a draft asks for, in which order, and the limits each answer must keep to.

Pure functions over the conversation's data, so they are easy to test and the flow, the
preview and the export all agree on the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.config import PolicyConfig
from bot.stores.submissions import Kind

KIND_LABELS = {
    Kind.SUBMISSION: "NPF consultation submission",
    Kind.MOTION: "Contemporary motion to conference",
}


@dataclass(frozen=True, slots=True)
class TextField:
    name: str
    label: str
    question: str
    optional: bool = False


TEXT_FIELDS = {
    f.name: f
    for f in (
        TextField("title", "title", "What is its title? One short line."),
        TextField(
            "problem", "problem", "What is the problem? Say what is wrong and who it affects."
        ),
        TextField("proposal", "proposal", "What do you propose Labour should do about it?"),
        TextField(
            "evidence",
            "local evidence",
            "Optional: local evidence or impact. What does this look like where we live? "
            "Figures, stories, sources.",
            optional=True,
        ),
        TextField(
            "motion",
            "motion",
            "Type the motion's text: one subject that arose after the NPF and NEC reports.",
        ),
    )
}

STEP_TITLES = {
    "kind": "what you are writing",
    "commission": "the policy commission",
    "consultation": "the consultation",
    "title": "the title",
    "problem": "the problem",
    "proposal": "your proposal",
    "evidence": "local evidence or impact",
    "motion": "the motion",
    "coauthors": "co-authors",
    "visibility": "who may see your name",
}

MAX_COAUTHORS = 10


def route(data: dict[str, Any], consultation_open: bool) -> list[str]:
    """The steps for this draft's kind, in order (the preview comes after them)."""
    if data.get("kind") == Kind.MOTION.value:
        return ["kind", "title", "motion", "coauthors", "visibility"]
    steps = ["kind", "commission"]
    if consultation_open:
        steps.append("consultation")
    return [*steps, "title", "problem", "proposal", "evidence", "coauthors", "visibility"]


def is_missing(data: dict[str, Any], step: str) -> bool:
    """A required answer not given yet (optional steps are never missing)."""
    fields: dict[str, Any] = data.get("fields", {})
    if step == "kind":
        return not data.get("kind")
    if step == "visibility":
        return "show_name" not in data
    if step == "consultation":
        return "consultation_id" not in fields
    if step in ("evidence", "coauthors"):
        return False
    return not fields.get(step)


def word_count(text: str) -> int:
    return len(text.split())


def words_summary(text: str, policy: PolicyConfig) -> str:
    return f"{word_count(text)}/{policy.motion_max_words} words"


def limit_problem(name: str, text: str, policy: PolicyConfig) -> str | None:
    """Why `text` is too long for field `name`, saying how much to cut; None if it fits."""
    if name == "motion":
        words, limit = word_count(text), policy.motion_max_words
        if words > limit:
            return (
                f"Your motion is {words}/{limit} words: a contemporary motion may have at most "
                f"{limit}. Please cut {words - limit:,} words. Nothing is lost: it is saved as "
                "you typed it."
            )
        return None
    limit = policy.title_max_chars if name == "title" else policy.field_max_chars
    if len(text) > limit:
        label = TEXT_FIELDS[name].label
        return (
            f"Your {label} is {len(text):,} characters; the limit is {limit:,}. "
            f"Please shorten it by {len(text) - limit:,}. Nothing is lost: it is saved as "
            "you typed it."
        )
    return None


def parse_coauthors(text: str) -> list[str]:
    """The pieces of a co-authors answer: one mention each, separated by commas or "and"."""
    names = (" ".join(n.split()) for n in re.split(r"[,;\n]|\band\b", text))
    return list(dict.fromkeys(n for n in names if n))


def draft_problems(data: dict[str, Any], steps: list[str], policy: PolicyConfig) -> list[str]:
    """Everything that stops a draft from going to review, in the member's words."""
    problems = [f"{STEP_TITLES[s]} is missing" for s in steps if is_missing(data, s)]
    fields: dict[str, Any] = data.get("fields", {})
    for name in steps:
        text = fields.get(name)
        if name in TEXT_FIELDS and isinstance(text, str):
            reason = limit_problem(name, text, policy)
            if reason:
                problems.append(reason.split(" Nothing is lost")[0])
    return problems
