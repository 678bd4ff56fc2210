"""A member's ideas and the ideas they support, for /mydata and /forgetme.

Erasing deletes the member's ideas, except those the CLP already turned into a poll option
or a draft submission: those are kept without their author. Supports are removed.
"""

from __future__ import annotations

from typing import Any

from bot.privacy import ErasureReport, Kept, PersonalData, PersonalDataRequest
from bot.richtext import plural
from bot.stores.ideas import IDEAS, Idea, IdeaStatus
from bot.stores.polls import POLLS
from commands.ideas.specs import router


def _short(idea: Idea) -> str:
    text = " ".join(idea.text.split())
    return text if len(text) <= 60 else text[:59] + "…"


async def export(req: PersonalDataRequest) -> dict[str, Any]:
    store = req.uow.get(IDEAS)
    return {
        "ideas_you_put_forward": [
            {
                "number": idea.id,
                "text": idea.text,
                "policy_commission": idea.commission,
                "status": idea.status.value,
                "supporters": idea.support,
                "put_forward_at": req.when(idea.created_at),
            }
            for idea in await store.by_author(req.person_id)
        ],
        "ideas_you_support": [
            {"number": idea.id, "text": idea.text}
            for idea in await store.supported_by(req.person_id)
        ],
    }


async def erase(req: PersonalDataRequest) -> ErasureReport:
    store = req.uow.get(IDEAS)
    report = ErasureReport("ideas")
    in_polls = await req.uow.get(POLLS).idea_ids_in_polls()
    deleted = 0
    for idea in await store.by_author(req.person_id):
        assert idea.id is not None
        if idea.id in in_polls or idea.status is IdeaStatus.PROMOTED:
            used = "a poll" if idea.id in in_polls else "a draft submission"
            await store.erase_author(idea.id)
            report.kept.append(
                Kept(
                    f"Your idea #{idea.id} “{_short(idea)}”",
                    f"was already turned into {used} by the CLP, so it is kept without your name.",
                )
            )
        else:
            await store.delete(idea.id)
            deleted += 1
    if deleted:
        report.deleted.append(f"{plural(deleted, 'idea')} you put forward")
    supports = await store.remove_supports(req.person_id)
    if supports:
        report.deleted.append(f"Your support for {plural(supports, 'idea')}")
    return report


router.personal_data(
    PersonalData(
        "ideas",
        "Ideas",
        "Policy ideas you put forward with /idea and the ideas you support. Nobody else sees"
        " who supports what; officers see who put an idea forward.",
        export,
        erase,
        order=40,
    )
)
