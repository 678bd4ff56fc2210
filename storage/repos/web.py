"""SQL implementation of `bot.stores.web.WebSessionStore`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Identity
from bot.stores.web import WebSession
from storage.models.web import WebSessionRow, WebSignInRow


class SqlWebSessionStore:
    def __init__(self, session: AsyncSession) -> None:
        self.db = session

    async def add_sign_in(
        self, token_hash: str, who: Identity, now: datetime, expires_at: datetime
    ) -> None:
        self.db.add(
            WebSignInRow(
                token_hash=token_hash,
                platform=who.platform,
                user_id=who.user_id,
                display_name=who.display_name,
                created_at=now,
                expires_at=expires_at,
            )
        )
        await self.db.flush()

    def _open(self, token_hash: str, now: datetime) -> list[ColumnElement[bool]]:
        return [
            WebSignInRow.token_hash == token_hash,
            WebSignInRow.used_at.is_(None),
            WebSignInRow.expires_at > now,
        ]

    async def sign_in_open(self, token_hash: str, now: datetime) -> bool:
        found = await self.db.scalar(
            select(WebSignInRow.token_hash).where(*self._open(token_hash, now))
        )
        return found is not None

    async def use_sign_in(self, token_hash: str, now: datetime) -> Identity | None:
        # one UPDATE: of two requests racing for the link, only one changes the row
        result = await self.db.execute(
            update(WebSignInRow).where(*self._open(token_hash, now)).values(used_at=now)
        )
        if not getattr(result, "rowcount", 0):
            return None
        row = await self.db.get(WebSignInRow, token_hash)
        assert row is not None
        return Identity(row.platform, row.user_id, row.display_name)

    async def add_session(self, session: WebSession) -> None:
        who = session.who
        self.db.add(
            WebSessionRow(
                token_hash=session.token_hash,
                platform=who.platform,
                user_id=who.user_id,
                display_name=who.display_name,
                created_at=session.created_at,
                expires_at=session.expires_at,
            )
        )
        await self.db.flush()

    async def session(self, token_hash: str, now: datetime) -> WebSession | None:
        row = await self.db.get(WebSessionRow, token_hash)
        if row is None or row.expires_at <= now:
            return None
        who = Identity(row.platform, row.user_id, row.display_name)
        return WebSession(row.token_hash, who, row.created_at, row.expires_at)

    async def sessions_of(self, who: Identity) -> list[WebSession]:
        rows = await self.db.scalars(
            select(WebSessionRow)
            .where(WebSessionRow.platform == who.platform, WebSessionRow.user_id == who.user_id)
            .order_by(WebSessionRow.created_at)
            .limit(100)
        )
        return [WebSession(r.token_hash, who, r.created_at, r.expires_at) for r in rows.all()]

    async def end_sessions(self, who: Identity) -> int:
        await self.db.execute(
            delete(WebSignInRow).where(
                WebSignInRow.platform == who.platform, WebSignInRow.user_id == who.user_id
            )
        )
        result = await self.db.execute(
            delete(WebSessionRow).where(
                WebSessionRow.platform == who.platform, WebSessionRow.user_id == who.user_id
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def delete_expired(self, now: datetime) -> int:
        gone = 0
        for model in (WebSignInRow, WebSessionRow):
            result = await self.db.execute(delete(model).where(model.expires_at <= now))
            gone += int(getattr(result, "rowcount", 0) or 0)
        return gone
