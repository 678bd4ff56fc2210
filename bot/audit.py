"""Recording officers' actions and role changes in the audit log (read with /audit).

Every officer action calls `await audit(ctx, "poll.close", f"poll #{poll.id}")` in the same
unit of work as the action itself, so the entry commits (or rolls back) with it.
`track_role` is a middleware: it compares the role a person has now with the role they
were last seen with, and records a change ("member" to "officer"). A role confirmed
unchanged is remembered for a minute (`SeenRoles`), so most events cost no SQL for it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from bot.context import Context
from bot.stores.audit import AUDIT, AuditEntry
from bot.stores.core import MEMBERS

log = logging.getLogger("clpbot.audit")
Next = Callable[[Context], Awaitable[None]]


async def audit(ctx: Context, action: str, subject: str, detail: str = "") -> None:
    """Record that the sender did `action` to `subject`, now, in their current role."""
    await ctx.uow.get(AUDIT).add(
        AuditEntry(
            actor_name=ctx.sender.display_name,
            actor_key=ctx.sender.key,
            actor_role=ctx.role_name,
            action=action,
            subject=subject,
            at=ctx.now(),
            detail=detail,
        )
    )


class SeenRoles:
    """The role each person was last confirmed with in the database, and when.

    Without it every event costs a SELECT just to learn that nothing changed. An entry is
    trusted for `ttl` (another process may have recorded a change meanwhile); the table is
    bounded and simply emptied when full.
    """

    def __init__(self, ttl: timedelta = timedelta(minutes=1), size: int = 10_000) -> None:
        self.ttl, self.size = ttl, size
        self._seen: dict[str, tuple[str, datetime]] = {}

    def unchanged(self, key: str, role: str, now: datetime) -> bool:
        seen = self._seen.get(key)
        return seen is not None and seen[0] == role and now - seen[1] < self.ttl

    def confirm(self, key: str, role: str, now: datetime) -> None:
        if len(self._seen) >= self.size:
            self._seen.clear()
        self._seen[key] = (role, now)

    def forget(self, key: str) -> None:
        self._seen.pop(key, None)

    def __len__(self) -> int:
        return len(self._seen)


_SEEN: WeakKeyDictionary[object, SeenRoles] = WeakKeyDictionary()
"""One table per storage (per database): tests and tools may run several apps at once."""


def seen_roles(storage: object) -> SeenRoles:
    table = _SEEN.get(storage)
    if table is None:
        table = _SEEN[storage] = SeenRoles()
    return table


async def track_role(ctx: Context, call_next: Next) -> None:
    """Record a change of role before the handler runs (needs the unit of work)."""
    key, role, now = ctx.sender.key, ctx.role_name, ctx.now()
    seen = seen_roles(ctx.services.storage)
    if seen.unchanged(key, role, now):
        await call_next(ctx)
        return
    try:
        before = await ctx.uow.get(MEMBERS).note_role(ctx.sender, role, now)
        if before is not None:
            seen.forget(key)  # the role remembered before this change is stale now
            await audit(
                ctx,
                "role.change",
                ctx.sender.display_name,
                f"role changed from {before} to {role}",
            )
        else:  # nothing written that a rollback could undo: safe to remember
            seen.confirm(key, role, now)
    except Exception:  # never let the log stop the member's command
        log.exception("could not record the role of %s", ctx.sender.key)
        await ctx.uow.rollback()
    await call_next(ctx)
