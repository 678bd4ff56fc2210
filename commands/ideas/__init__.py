"""Members' policy ideas: add, list, support; officers merge, archive and promote them."""

from commands.ideas import add, digest, listing, officer, privacy
from commands.ideas.specs import router

__all__ = ["add", "digest", "listing", "officer", "privacy", "router"]
