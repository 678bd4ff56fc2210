"""The polls part of the weekly digest: counts and questions, never names."""

from __future__ import annotations

from bot.digest import DigestRequest, DigestSection
from bot.richtext import bullets, p, plural
from bot.stores.polls import POLLS
from commands.polls.render import when
from commands.polls.specs import router


@router.digest_section
async def polls_section(req: DigestRequest) -> DigestSection | None:
    store = req.uow.get(POLLS)
    open_polls = await store.open_polls()
    if not open_polls:
        return None
    zone = req.services.config.clp.zone
    turnouts = await store.turnouts([poll.id for poll in open_polls if poll.id is not None])
    lines = [
        f"#{poll.id} {poll.question}: {turnouts.get(poll.id or 0, 0)} voted so far, closes"
        f" {when(poll.deadline, zone)}"
        for poll in open_polls
    ]
    return DigestSection(
        title="Polls",
        blocks=(
            p(f"{plural(len(open_polls), 'poll')} open. Type /polls to vote."),
            bullets(*lines),
        ),
        order=40,
    )
