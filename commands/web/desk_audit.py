"""The desk's audit log: the latest entries, newest first, as /audit shows them in chat."""

from __future__ import annotations

from bot.commands import whole_number
from bot.context import Services
from bot.stores.audit import AUDIT
from bot.web import WebRequest, WebResponse, WebRoute
from commands.privacy.auditlog import DEFAULT_ENTRIES, MAX_ENTRIES, describe
from commands.web.guard import desk_page, desk_values
from commands.web.pages import page
from commands.web.session import DESK, Officer

PAGE_ENTRIES = 100


async def audit_log(services: Services, request: WebRequest, officer: Officer) -> WebResponse:
    typed = request.query.get("count", "")
    wanted = whole_number(typed, 1, MAX_ENTRIES) if typed else None
    count = wanted or max(PAGE_ENTRIES, DEFAULT_ENTRIES)
    async with services.storage.unit() as uow:
        entries = await uow.get(AUDIT).latest(count)
    zone = services.config.clp.zone
    return page(
        services.config,
        "desk_audit.html",
        private=True,
        title="Audit log",
        entries=[describe(entry, zone) for entry in entries],
        more=MAX_ENTRIES if len(entries) == count and count < MAX_ENTRIES else None,
        **desk_values(officer),
    )


ROUTES = (WebRoute(DESK + "/audit", desk_page(audit_log), "desk audit log"),)
