"""What the desk holds about an officer: their signed-in sessions (when each began and
ends). /forgetme signs them out everywhere and forgets their unused sign-in links."""

from __future__ import annotations

from typing import Any

from bot.privacy import ErasureReport, PersonalData, PersonalDataRequest
from bot.richtext import plural
from bot.router import Router
from bot.stores.web import WEB_SESSIONS

router = Router("web.privacy")


async def export_sessions(req: PersonalDataRequest) -> list[dict[str, Any]]:
    store = req.uow.get(WEB_SESSIONS)
    return [
        {
            "platform": session.who.platform,
            "signed_in_at": req.when(session.created_at),
            "expires_at": req.when(session.expires_at),
        }
        for who in req.identities
        for session in await store.sessions_of(who)
    ]


async def erase_sessions(req: PersonalDataRequest) -> ErasureReport:
    report = ErasureReport("web desk sessions")
    ended = 0
    for who in req.identities:
        ended += await req.uow.get(WEB_SESSIONS).end_sessions(who)
    if ended:
        report.deleted.append(plural(ended, "signed-in web desk session"))
    return report


router.personal_data(
    PersonalData(
        "web_sessions",
        "Your sessions on the officers' web desk",
        "When you signed in to the officers' desk on the web (with /web) and when each"
        " session ends; only a hash of the session's token is kept.",
        export_sessions,
        erase_sessions,
    )
)
