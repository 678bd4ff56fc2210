"""The weekly digest: the job, /digest, /subscribe, /unsubscribe, the newsletter export,
and the submissions progress section (the consultations section lives with them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from bot.router import Router
from commands.digest import members, privacy, progress, weekly
from commands.digest.build import build_digest
from commands.digest.render import to_html, to_markdown

if TYPE_CHECKING:
    from bot.context import Services

router = Router("digest")
router.include(members.router, weekly.router, progress.router, privacy.router)


async def newsletter(services: Services, fmt: Literal["md", "html"]) -> str:
    """This week's digest as Markdown or HTML, for `clpbot digest --format`."""
    async with services.storage.unit() as uow:
        digest = await build_digest(services, uow, services.clock())
    return to_markdown(digest) if fmt == "md" else to_html(digest)
