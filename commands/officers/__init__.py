"""The CLP's offices: who holds which (/officers), the hand-over, and members' share of it."""

from commands.officers import handover, privacy, roster
from commands.officers.specs import router

__all__ = ["handover", "privacy", "roster", "router"]
