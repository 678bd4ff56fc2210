"""Polls: the /poll conversation, voting with buttons, counting, closing and results."""

from commands.polls import admin, closing, digest, flow, privacy, voting
from commands.polls.specs import router

__all__ = ["admin", "closing", "digest", "flow", "privacy", "router", "voting"]
