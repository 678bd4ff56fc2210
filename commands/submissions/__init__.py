"""Policy submissions and motions: /submit, /drafts, the officers' /review and the export."""

from __future__ import annotations

from bot.router import Router
from commands.submissions import coauthors, drafts, flow, privacy, review

router = Router("submissions")
router.include(flow.router, drafts.router, review.router, privacy.router, coauthors.router)

__all__ = ["router"]
