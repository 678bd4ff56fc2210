"""The buttons under one idea (/ideas NUMBER): Support while open; Edit and Withdraw for its
author until others support it; an officer's Archive and draft; Report unless hidden."""

from __future__ import annotations

from bot.context import Context
from bot.model import Choice
from bot.permissions import Permission
from bot.stores.ideas import Idea, IdeaStatus
from commands.ideas.own import may_change


async def idea_choices(ctx: Context, idea: Idea) -> tuple[Choice, ...]:
    choices = [Choice("Support", f"support:{idea.id}")] if idea.status is IdeaStatus.OPEN else []
    if await may_change(ctx, idea):
        choices += [
            Choice("Edit", f"ideaedit:{idea.id}"),
            Choice("Withdraw", f"ideawithdraw:{idea.id}"),
        ]
    if ctx.can(Permission.IDEAS) and idea.status is IdeaStatus.OPEN:
        choices += [
            Choice("Archive", f"ideaarchive:{idea.id}"),
            Choice("Start a draft submission", f"ideadraft:{idea.id}"),
        ]
    if idea.status is not IdeaStatus.HIDDEN:
        choices.append(Choice("Report", f"report:idea:{idea.id}"))
    return tuple(choices)
