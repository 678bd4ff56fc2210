"""Buttons whose data does not fit the platform's limit, the deployment's signing secret,
and the platform deliveries (update ids) already handled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.stores import StoreKey


@dataclass(frozen=True, slots=True)
class StoredButton:
    """What a button stands for, kept in the database because it is too long to send."""

    token: str
    platform: str
    chat_id: str
    payload: str
    created_at: datetime


class ButtonStore(Protocol):
    async def secret(self, name: str, fresh: str) -> str:
        """The deployment's secret `name`: the stored one, or `fresh`, stored now if there
        was none. Workers that start together all end up with the same one."""
        ...

    async def save(self, buttons: Sequence[StoredButton]) -> None: ...

    async def load(self, token: str) -> StoredButton | None: ...

    async def delete_before(self, moment: datetime) -> int:
        """Forget buttons made before `moment`; how many went."""
        ...


class DeliveryStore(Protocol):
    async def handled(self, platform: str, delivery_id: str) -> bool:
        """Whether `delivery_id` is recorded as handled (a read: takes no lock)."""
        ...

    async def first_time(self, platform: str, delivery_id: str, now: datetime) -> bool:
        """Record that the platform's delivery `delivery_id` is being handled: True the first
        time, False if it was recorded before (a redelivery), also by another process."""
        ...

    async def delete_before(self, moment: datetime) -> int: ...


BUTTONS: StoreKey[ButtonStore] = StoreKey("buttons")
DELIVERIES: StoreKey[DeliveryStore] = StoreKey("deliveries")
