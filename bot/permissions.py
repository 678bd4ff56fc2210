"""What an office may do: the small table of permissions offices are made of.

The CLP declares its offices in config (`[offices]`: an office's name and its
permissions); a person's permissions are the union of the offices they hold. The officers
named by the platforms and the config (`[telegram] officers`, the officers' chat admins,
`[discord] officer_roles`, `[console] role`) hold every permission: they are the bootstrap,
and the way to recover when nobody can manage officers any more.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable


class Permission(enum.StrEnum):
    REVIEW = "review"
    EQUALITIES = "equalities"
    EVENTS = "events"
    CONSULTATIONS = "consultations"
    ANNOUNCE = "announce"
    POLLS = "polls"
    IDEAS = "ideas"
    OFFICERS = "officers"
    AUDIT = "audit"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Permission.REVIEW: "review submissions and motions",
    Permission.EQUALITIES: "equalities review",
    Permission.EVENTS: "manage events",
    Permission.CONSULTATIONS: "manage consultations",
    Permission.ANNOUNCE: "announce",
    Permission.POLLS: "run polls",
    Permission.IDEAS: "manage ideas (moderate)",
    Permission.OFFICERS: "manage officers",
    Permission.AUDIT: "read the audit log",
}

EVERY_PERMISSION = frozenset(Permission)

_EQUALITIES = (Permission.EQUALITIES,)
DEFAULT_OFFICES: dict[str, tuple[Permission, ...]] = {
    "Chair": tuple(Permission),
    "Secretary": tuple(Permission),
    "Policy Officer": (
        Permission.REVIEW,
        Permission.CONSULTATIONS,
        Permission.ANNOUNCE,
        Permission.POLLS,
    ),
    "Political Education & Training Officer": (Permission.EVENTS, Permission.ANNOUNCE),
    "Equalities Officer": _EQUALITIES,
    "Women's Officer": _EQUALITIES,
    "BAME Officer": _EQUALITIES,
    "Disability Officer": _EQUALITIES,
    "LGBT+ Officer": _EQUALITIES,
    "Youth Officer": _EQUALITIES,
}


def labels(permissions: Iterable[Permission]) -> list[str]:
    """Human names, in the table's order."""
    held = set(permissions)
    return [p.label for p in Permission if p in held]
