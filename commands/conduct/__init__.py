"""The code of conduct: reading and agreeing to it, and members' reports to the officers."""

from commands.conduct import agreement, privacy, report
from commands.conduct.agreement import conduct_message, needs_acknowledgement
from commands.conduct.specs import router

__all__ = [
    "agreement",
    "conduct_message",
    "needs_acknowledgement",
    "privacy",
    "report",
    "router",
]
