"""The officers' desk: one-time sign-in links and signed-in sessions, both kept only as a
hash of their token (a copy of the database signs nobody in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.model import Identity
from bot.stores import StoreKey


@dataclass(frozen=True, slots=True)
class WebSession:
    token_hash: str
    who: Identity
    created_at: datetime
    expires_at: datetime


class WebSessionStore(Protocol):
    async def add_sign_in(
        self, token_hash: str, who: Identity, now: datetime, expires_at: datetime
    ) -> None: ...

    async def sign_in_open(self, token_hash: str, now: datetime) -> bool:
        """Whether the link is unused and unexpired (a read: uses nothing up)."""
        ...

    async def use_sign_in(self, token_hash: str, now: datetime) -> Identity | None:
        """Use the link up: who it was made for, the first time and while unexpired; None
        afterwards, also when two requests race for it."""
        ...

    async def add_session(self, session: WebSession) -> None: ...

    async def session(self, token_hash: str, now: datetime) -> WebSession | None:
        """The unexpired session with this token's hash."""
        ...

    async def sessions_of(self, who: Identity) -> list[WebSession]:
        """`who`'s sessions, expired or not (for /mydata)."""
        ...

    async def end_sessions(self, who: Identity) -> int:
        """Sign `who` out everywhere, and forget their unused sign-in links: how many
        sessions ended."""
        ...

    async def delete_expired(self, now: datetime) -> int:
        """Forget links and sessions that have expired."""
        ...


WEB_SESSIONS: StoreKey[WebSessionStore] = StoreKey("web_sessions")
