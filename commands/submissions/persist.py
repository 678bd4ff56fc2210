"""Between the conversation's data and the draft row: the draft is saved after every step.

The conversation holds the member's answers while they type (`data`); the draft row holds
the same answers plus the step, so /submit and /drafts can resume even after the
conversation itself has expired.
"""

from __future__ import annotations

from typing import Any

from bot.context import Context
from bot.model import Identity
from bot.stores.submissions import SUBMISSIONS, CoAuthor, Draft, HistoryEntry, Kind, Status

EDITABLE = (Status.DRAFT, Status.RETURNED)


def data_of(draft: Draft) -> dict[str, Any]:
    data: dict[str, Any] = {
        "draft_id": draft.id,
        "kind": draft.kind.value if draft.kind else None,
        "fields": dict(draft.fields),
        "coauthors": [CoAuthor(c.person).to_json() for c in draft.coauthors],
    }
    if "show_name" in draft.fields:  # answered (the column alone cannot say)
        data["show_name"] = draft.show_name
    return data


def apply(draft: Draft, data: dict[str, Any]) -> Draft:
    """Copy the member's answers from the conversation onto the draft."""
    kind = data.get("kind")
    draft.kind = Kind(kind) if kind else None
    draft.fields = dict(data.get("fields", {}))
    answered = {c.person.key: c for c in draft.coauthors}  # only they can accept
    chosen = (CoAuthor.from_json(c).person for c in data.get("coauthors", []))
    draft.coauthors = [answered.get(who.key, CoAuthor(who)) for who in chosen]
    if "show_name" in data:
        draft.show_name = bool(data["show_name"])
        draft.fields["show_name"] = draft.show_name
    return draft


async def preview_draft(ctx: Context, data: dict[str, Any]) -> Draft:
    """The draft as it stands in the conversation (for rendering), with its co-authors'
    answers as stored: only they can accept."""
    now = ctx.now()
    draft = Draft(author=ctx.sender, created_at=now, updated_at=now, id=data.get("draft_id"))
    stored = await ctx.uow.get(SUBMISSIONS).get(draft.id) if isinstance(draft.id, int) else None
    if stored is not None and stored.is_authored_by(ctx.sender):
        draft.coauthors = stored.coauthors
    return apply(draft, data)


async def save(ctx: Context, data: dict[str, Any], step: str | None) -> Draft:
    """Write the answers so far and the step the member is on; creates the row at first."""
    store = ctx.uow.get(SUBMISSIONS)
    draft_id = data.get("draft_id")
    draft = await store.get(draft_id) if isinstance(draft_id, int) else None
    if draft is None or not draft.is_authored_by(ctx.sender) or draft.status not in EDITABLE:
        # never change a draft under review: keep the member's words in a new one
        draft = Draft(author=ctx.sender, created_at=ctx.now(), updated_at=ctx.now())
    apply(draft, data)
    draft.author = ctx.sender  # keep the display name current
    if ctx.chat.is_private:
        draft.author_chat_id = ctx.chat.chat_id
    draft.step = step
    draft.updated_at = ctx.now()
    if draft.id is None:
        draft.status = Status.DRAFT
        await store.add(draft)
        data["draft_id"] = draft.id
    else:
        await store.update(draft)
    return draft


async def record(
    ctx: Context, draft: Draft, action: str, comment: str = "", who: Identity | None = None
) -> None:
    actor = who or ctx.sender
    if draft.id is None:
        raise ValueError("record() needs a saved draft")
    await ctx.uow.get(SUBMISSIONS).record(
        HistoryEntry(
            draft_id=draft.id,
            actor_name=actor.display_name,
            actor_key=actor.key,
            action=action,
            at=ctx.now(),
            comment=comment,
        )
    )
