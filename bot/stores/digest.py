"""Feed polling state (for conditional GETs) and members' digest subscriptions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.model import Identity
from bot.stores import StoreKey


@dataclass(slots=True)
class FeedState:
    """What the last good fetch of one feed URL told us, for a conditional GET next time."""

    url: str
    etag: str | None = None
    modified: str | None = None
    """The Last-Modified header as the server sent it (sent back as If-Modified-Since)."""
    checked_at: datetime | None = None
    last_error: str = ""


class FeedStateStore(Protocol):
    async def load(self, url: str) -> FeedState | None: ...

    async def save(self, state: FeedState) -> None: ...


@dataclass(frozen=True, slots=True)
class Subscriber:
    platform: str
    user_id: str
    subscribed_at: datetime


class SubscriptionStore(Protocol):
    async def subscribe(self, who: Identity, now: datetime) -> bool:
        """True if newly subscribed, False if already."""
        ...

    async def unsubscribe(self, who: Identity) -> bool:
        """True if a subscription was removed."""
        ...

    async def is_subscribed(self, who: Identity) -> bool: ...

    async def subscribers(self) -> list[Subscriber]: ...


FEED_STATE: StoreKey[FeedStateStore] = StoreKey("feed_state")
SUBSCRIPTIONS: StoreKey[SubscriptionStore] = StoreKey("digest_subscriptions")
