"""Members' data: /mydata, /forgetme, retention, the audit log (/audit), and the core's own
share of a member's data (member record, conversations, audit entries, linked accounts)."""

from __future__ import annotations

from bot.router import Router
from commands.privacy import auditlog, core_data, forgetme, mydata, retention

router = Router("privacy")
router.include(mydata.router, forgetme.router, auditlog.router, retention.router, core_data.router)

__all__ = ["router"]
