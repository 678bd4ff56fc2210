"""What a member reports, as they name it: "idea 12", "comment 3", "post", ..."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import record_number

NUMBERED = {
    "idea": "idea",
    "ideas": "idea",
    "comment": "comment",
    "event": "event",
    "poll": "poll",
    "consultation": "consultation",
    "announcement": "announcement",
    "draft": "draft",
}
UNNUMBERED = {"post": "post", "message": "post"}
HOW = (
    "Name what you report, then why: idea 12, comment 3 (a comment on a draft), event 4,"
    " poll 2, consultation 1, announcement 5, or post (and say where you saw it)."
    " For example: /report idea 12 It attacks a member by name."
)


@dataclass(frozen=True, slots=True)
class Subject:
    kind: str
    ref: str = ""
    """The record's number; empty for a post named only in the reason."""

    def __str__(self) -> str:
        return f"{self.kind} #{self.ref}" if self.ref else f"a {self.kind}"


def parse_subject(text: str) -> tuple[Subject, str] | None:
    """The subject named at the start of `text` and the rest (the reason, maybe empty)."""
    words = text.split(maxsplit=2)
    if not words:
        return None
    kind = words[0].casefold()
    if kind in UNNUMBERED:
        return Subject(UNNUMBERED[kind]), " ".join(words[1:])
    if kind not in NUMBERED or len(words) < 2:
        return None
    number = record_number(words[1])
    if number is None:
        return None
    return Subject(NUMBERED[kind], str(number)), words[2] if len(words) > 2 else ""
