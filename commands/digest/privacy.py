"""A member's subscription to the private weekly digest, for /mydata and /forgetme."""

from __future__ import annotations

from typing import Any

from bot.privacy import ErasureReport, PersonalData, PersonalDataRequest
from bot.router import Router
from bot.stores.digest import SUBSCRIPTIONS

router = Router("digest.privacy")


async def export(req: PersonalDataRequest) -> list[dict[str, Any]]:
    subscribers = await req.uow.get(SUBSCRIPTIONS).subscribers()
    return [
        {"platform": s.platform, "subscribed_at": req.when(s.subscribed_at)}
        for s in subscribers
        if req.owns(s.platform, s.user_id)
    ]


async def erase(req: PersonalDataRequest) -> ErasureReport:
    report = ErasureReport("digest")
    for who in req.identities:
        if await req.uow.get(SUBSCRIPTIONS).unsubscribe(who):
            report.deleted.append(f"Your subscription to the weekly digest on {who.platform}")
    return report


router.personal_data(
    PersonalData(
        "digest_subscriptions",
        "Subscriptions",
        "Whether you get the weekly digest privately (/subscribe), and since when.",
        export,
        erase,
        order=60,
    )
)
