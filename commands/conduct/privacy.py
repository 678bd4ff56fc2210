"""A member's reports to the officers, for /mydata and /forgetme: the reporter's data."""

from __future__ import annotations

from typing import Any

from bot.privacy import ErasureReport, PersonalData, PersonalDataRequest
from bot.richtext import plural
from bot.stores.reports import REPORTS
from commands.conduct.specs import router


async def export(req: PersonalDataRequest) -> list[dict[str, Any]]:
    return [
        {
            "number": report.id,
            "what": f"{report.subject_kind} {report.subject_ref}".strip(),
            "reason": report.reason,
            "reported_at": req.when(report.created_at),
        }
        for report in await req.uow.get(REPORTS).by_reporter(req.person_id)
    ]


async def erase(req: PersonalDataRequest) -> ErasureReport:
    report = ErasureReport("reports")
    erased = await req.uow.get(REPORTS).erase_reporter(req.person_id)
    if erased:
        report.deleted.append(f"{plural(erased, 'report')} you made to the officers")
    return report


router.personal_data(
    PersonalData(
        "reports",
        "Reports",
        "What you reported to the officers with /report and why. Only the officers saw them,"
        " with your name; anything an officer did about a report (such as hiding an idea)"
        " stays.",
        export,
        erase,
        order=45,
    )
)
