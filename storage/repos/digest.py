"""SQL implementations of the feed state and digest subscription stores."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Identity
from bot.stores.digest import FeedState, Subscriber
from storage.models.digest import DigestSubscriptionRow, FeedStateRow


class SqlFeedStateStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, url: str) -> FeedState | None:
        row = await self.session.scalar(select(FeedStateRow).where(FeedStateRow.url == url))
        if row is None:
            return None
        return FeedState(
            url=row.url,
            etag=row.etag,
            modified=row.modified,
            checked_at=row.checked_at,
            last_error=row.last_error,
        )

    async def save(self, state: FeedState) -> None:
        row = await self.session.scalar(select(FeedStateRow).where(FeedStateRow.url == state.url))
        if row is None:
            row = FeedStateRow(url=state.url)
            self.session.add(row)
        row.etag = state.etag[:500] if state.etag else None
        row.modified = state.modified[:100] if state.modified else None
        row.checked_at = state.checked_at
        row.last_error = state.last_error[:2000]
        await self.session.flush()


class SqlSubscriptionStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def subscribe(self, who: Identity, now: datetime) -> bool:
        if await self.is_subscribed(who):
            return False
        self.session.add(
            DigestSubscriptionRow(platform=who.platform, user_id=who.user_id, subscribed_at=now)
        )
        await self.session.flush()
        return True

    async def unsubscribe(self, who: Identity) -> bool:
        result = await self.session.execute(
            delete(DigestSubscriptionRow).where(
                DigestSubscriptionRow.platform == who.platform,
                DigestSubscriptionRow.user_id == who.user_id,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def is_subscribed(self, who: Identity) -> bool:
        found = await self.session.scalar(
            select(DigestSubscriptionRow.id).where(
                DigestSubscriptionRow.platform == who.platform,
                DigestSubscriptionRow.user_id == who.user_id,
            )
        )
        return found is not None

    async def subscribers(self) -> list[Subscriber]:
        rows = await self.session.scalars(
            select(DigestSubscriptionRow).order_by(DigestSubscriptionRow.id)
        )
        return [Subscriber(row.platform, row.user_id, row.subscribed_at) for row in rows]
