"""What every step of /event add and /event edit needs: where to go next, and the zone."""

from __future__ import annotations

from typing import Any

from bot.conversation import FlowContext, Goto


def after(f: FlowContext, default: str) -> Goto:
    """The next step, or back to the review while editing (`data["editing"]`)."""
    return Goto("review" if f.data.get("editing") else default)


def zone(f: FlowContext) -> Any:
    return f.ctx.config.clp.zone
