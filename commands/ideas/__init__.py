"""Members' policy ideas: add, list, support; officers merge, archive,
promote and hide them; authors edit or withdraw theirs until others support them."""

from commands.ideas import add, digest, hide, listing, officer, own, privacy
from commands.ideas.specs import router

__all__ = ["add", "digest", "hide", "listing", "officer", "own", "privacy", "router"]
