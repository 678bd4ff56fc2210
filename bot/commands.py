"""Commands declared once, as data.

From a `CommandSpec` the adapters build Discord slash commands and the Telegram command
menu, and the core builds `/help`, checks who may run a command and where.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from bot.model import Role
from bot.permissions import EVERY_PERMISSION, Permission

MAX_RECORD_NUMBER = 2**31 - 1
"""The largest id a table holds (a PostgreSQL INTEGER): a bigger number names nothing."""


def whole_number(text: str, lowest: int, highest: int) -> int | None:
    """A whole number typed by a person, if it lies in [lowest, highest], else None.

    Only plain ASCII digits: `str.isdigit` alone lets "²" through, which `int()` refuses,
    and a thousand-digit number would cost `int()` real time before the range check.
    """
    word = text.strip()
    if not (word.isascii() and word.isdigit()) or len(word) > len(str(highest)):
        return None
    number = int(word)
    return number if lowest <= number <= highest else None


def record_number(text: str) -> int | None:
    """A record's number as typed or carried by a button ("12", "#12"), else None.

    Bounded by what the database holds: a bigger number names nothing, and the database
    driver would refuse it.
    """
    return whole_number(text.strip().removeprefix("#"), 0, MAX_RECORD_NUMBER)


class ArgType(enum.StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    CHOICE = "choice"


class Access(enum.StrEnum):
    """Who may use an entry point: every member, or the holders of one permission.

    `OFFICER` means "holds any officer permission": the old single officer role, kept so
    that code declaring it still works; a new officer command should name its permission.
    """

    MEMBER = "member"
    OFFICER = "officer"
    REVIEW = Permission.REVIEW.value
    EQUALITIES = Permission.EQUALITIES.value
    EVENTS = Permission.EVENTS.value
    CONSULTATIONS = Permission.CONSULTATIONS.value
    ANNOUNCE = Permission.ANNOUNCE.value
    POLLS = Permission.POLLS.value
    IDEAS = Permission.IDEAS.value
    OFFICERS = Permission.OFFICERS.value
    AUDIT = Permission.AUDIT.value

    @property
    def permission(self) -> Permission | None:
        """The one permission needed; None for members' and for any-officer access."""
        return None if self in (Access.MEMBER, Access.OFFICER) else Permission(self.value)

    @property
    def for_officers(self) -> bool:
        return self is not Access.MEMBER

    def allows(self, held: Iterable[Permission] | Role) -> bool:
        """Whether someone holding `held` (their permissions, or a platform role meaning
        all of them) may use it."""
        if self is Access.MEMBER:
            return True
        permissions = (
            (EVERY_PERMISSION if held is Role.OFFICER else frozenset())
            if isinstance(held, Role)
            else frozenset(held)
        )
        needed = self.permission
        return bool(permissions) if needed is None else needed in permissions


class Where(enum.StrEnum):
    ANY = "any"
    PRIVATE = "private"


@dataclass(frozen=True, slots=True)
class ArgSpec:
    """One argument. `rest=True` takes the rest of the line (free text).

    `autocomplete` names a lookup (for example "events" or "drafts") that adapters with
    autocomplete can offer; the value is still checked by the handler.
    """

    name: str
    description: str
    type: ArgType = ArgType.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    rest: bool = False
    autocomplete: str | None = None


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    description: str
    args: tuple[ArgSpec, ...] = ()
    access: Access = Access.MEMBER
    where: Where = Where.ANY
    help: str = ""
    example: str = ""
    subcommands: tuple[CommandSpec, ...] = ()
    hidden: bool = False
    default: str = ""
    """For a command with subcommands: the subcommand that does what the bare command
    does (`/announce new` is `/announce`). A Discord command group cannot be run on its
    own, so there this subcommand is the only way to the bare action. If no subcommand of
    that name is declared, one is made from this command (its description, arguments,
    access and place); without a handler of its own it runs the bare command's handler.
    Leave it empty only when the bare command just lists the subcommands."""

    def __post_init__(self) -> None:
        if not self.name.isascii() or not self.name.replace("_", "").isalnum():
            raise ValueError(f"command name {self.name!r}: use lower-case letters, digits, _")
        if self.name != self.name.lower() or len(self.name) > 32:
            raise ValueError(f"command name {self.name!r}: lower case, at most 32 characters")
        if not 1 <= len(self.description) <= 100:
            raise ValueError(f"command {self.name!r}: description must be 1-100 characters")
        if self.default and not self.subcommands:
            raise ValueError(f"command {self.name!r}: a default needs subcommands")
        if self.default and self.subcommand(self.default) is None:
            made = CommandSpec(
                self.default,
                self.description,
                args=self.args,
                access=self.access,
                where=self.where,
                example=f"/{self.name} {self.default}",
            )
            object.__setattr__(self, "subcommands", (made, *self.subcommands))

    def subcommand(self, name: str) -> CommandSpec | None:
        return next((s for s in self.subcommands if s.name == name), None)

    def usage(self, parent: str = "") -> str:
        words = [f"/{parent} {self.name}" if parent else f"/{self.name}"]
        for arg in self.args:
            words.append(f"<{arg.name}>" if arg.required else f"[{arg.name}]")
        return " ".join(words)
