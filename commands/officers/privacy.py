"""The offices a member holds in the bot, for /mydata and /forgetme.

Erasing ends the holdings (an office is held by a person the bot can name); where the
member granted an office to someone else, the holding stays, with the grant unnamed. The
audit log keeps its own entries for as long as `[retention] audit_days` says.
"""

from __future__ import annotations

from typing import Any

from bot.privacy import ERASED, ErasureReport, PersonalData, PersonalDataRequest
from bot.richtext import plural
from bot.stores.offices import OFFICES
from commands.officers.specs import router


async def export(req: PersonalDataRequest) -> list[dict[str, Any]]:
    return [
        {"office": h.office, "since": req.when(h.granted_at), "granted_by": h.granted_by}
        for h in await req.uow.get(OFFICES).of_person(req.person_id)
    ]


async def erase(req: PersonalDataRequest) -> ErasureReport:
    store = req.uow.get(OFFICES)
    report = ErasureReport("offices")
    ended = await store.forget(req.person_id)
    if ended:
        report.deleted.append(f"Your {plural(ended, 'office')} in the bot")
    granted = await store.forget_granter(req.keys, ERASED)
    if granted:
        report.deleted.append(f"Your name on the {plural(granted, 'office')} you handed over")
    return report


router.personal_data(
    PersonalData(
        "offices",
        "Offices",
        "The CLP offices you hold in the bot (given with /officers add), since when and by"
        " which account; they decide what you may do as an officer.",
        export,
        erase,
        order=45,
    )
)
