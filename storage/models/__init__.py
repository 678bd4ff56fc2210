"""Every model module, imported so that `Base.metadata` knows every table."""

from storage.models import (
    accounts,
    audit,
    buttons,
    consultations,
    core,
    digest,
    events,
    ideas,
    offices,
    polls,
    reports,
    scheduling,
    submissions,
    web,
)
from storage.models.base import Base

__all__ = [
    "Base",
    "accounts",
    "audit",
    "buttons",
    "consultations",
    "core",
    "digest",
    "events",
    "ideas",
    "offices",
    "polls",
    "reports",
    "scheduling",
    "submissions",
    "web",
]
