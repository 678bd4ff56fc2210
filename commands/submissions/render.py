"""How a draft looks in chat: in full (preview, /drafts, /review) and as a one-line summary.

Who is looking decides whose names appear: officers always see the author; other members
(co-authors) see names only if the author agreed.
"""

from __future__ import annotations

import enum
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.config import PolicyConfig
from bot.model import Identity
from bot.richtext import Block, Inline, b, bullets, i, p
from bot.stores.submissions import NAMED_COAUTHORS, Draft, HistoryEntry, Kind
from commands.submissions.fields import KIND_LABELS, TEXT_FIELDS, words_summary
from commands.submissions.milestones import long_day, milestones

WITHHELD = "a member (name withheld)"


class Viewer(enum.StrEnum):
    AUTHOR = "author"
    OFFICER = "officer"
    MEMBER = "member"


def viewer_of(draft: Draft, who: Identity, is_officer: bool) -> Viewer:
    if draft.is_authored_by(who):
        return Viewer.AUTHOR
    return Viewer.OFFICER if is_officer else Viewer.MEMBER


def heading(draft: Draft) -> str:
    number = f"#{draft.id} " if draft.id is not None else ""
    return f"{number}{draft.title}"


def summary(draft: Draft, viewer: Viewer, zone: ZoneInfo) -> tuple[Inline, ...]:
    what = draft.commission if draft.kind is Kind.SUBMISSION and draft.commission else None
    kind = "motion" if draft.kind is Kind.MOTION else (what or "submission")
    parts: list[Inline] = [b(heading(draft)), f" — {draft.status.label}, {kind}"]
    if viewer is not Viewer.AUTHOR:
        parts.append(f", by {author_name(draft, viewer)}")
    parts.append(f", {local(draft.updated_at, zone, '%d %b %Y')}")
    return tuple(parts)


def author_name(draft: Draft, viewer: Viewer) -> str:
    if viewer is Viewer.MEMBER and not draft.show_name:
        return WITHHELD
    return draft.author.display_name


def local(at: datetime, zone: ZoneInfo, fmt: str = "%d %b %Y %H:%M") -> str:
    return at.astimezone(zone).strftime(fmt)


def draft_blocks(draft: Draft, viewer: Viewer, policy: PolicyConfig) -> list[Block]:
    kind = KIND_LABELS[draft.kind] if draft.kind else "Kind not chosen yet"
    where = f" · {draft.commission}" if draft.kind is Kind.SUBMISSION and draft.commission else ""
    blocks: list[Block] = [p(b(heading(draft))), p(f"{kind}{where} · {draft.status.label}")]
    blocks.extend(p(f"{m.label} {long_day(m.on)}.") for m in milestones(draft))
    consultation = draft.fields.get("consultation_title")
    if draft.kind is Kind.SUBMISSION and consultation:
        blocks.append(p("Answers the consultation: ", i(str(consultation))))
    names = ("motion",) if draft.kind is Kind.MOTION else ("problem", "proposal", "evidence")
    for name in names:
        text = draft.fields.get(name)
        label = TEXT_FIELDS[name].label.capitalize()
        blocks.append(p(b(label)))
        blocks.append(p(str(text)) if text else p(i("(not written yet)")))
        if name == "motion" and text:
            blocks.append(p(i(words_summary(str(text), policy))))
    blocks.extend(_people(draft, viewer))
    return blocks


def _people(draft: Draft, viewer: Viewer) -> list[Block]:
    coauthors = ", ".join(draft.listed_coauthors) or "none"
    named = draft.fields.get(NAMED_COAUTHORS)
    typed = [p(i(f"Named as co-authors before they were chosen by account: {named}."))]
    extra = typed if named and viewer is not Viewer.MEMBER else []
    if viewer is Viewer.AUTHOR:
        shown = (
            "other members may see your name" if draft.show_name else "only officers see your name"
        )
        invited = [c.person.display_name for c in draft.coauthors if not c.accepted]
        waiting = f" Asked, not yet accepted: {', '.join(invited)}." if invited else ""
        return [p(f"Co-authors: {coauthors}.{waiting} Your name: {shown}."), *extra]
    if viewer is Viewer.MEMBER and not draft.show_name:
        return [p(f"Written by {WITHHELD}.")]
    shown = "" if draft.show_name else " (only officers see this name)"
    return [p(f"Written by {draft.author.display_name}{shown}. Co-authors: {coauthors}."), *extra]


def history_blocks(entries: list[HistoryEntry], zone: ZoneInfo) -> list[Block]:
    if not entries:
        return []
    items = [
        (
            f"{local(e.at, zone)} — {e.actor_name}: {e.action}",
            *((": ", i(e.comment)) if e.comment else ()),
        )
        for e in entries
    ]
    return [p(b("History")), bullets(*items)]
