"""Which SQL class implements which store. Add one line per feature store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.stores import StoreKey
from bot.stores.core import CONVERSATIONS, MEMBERS
from storage.repos.core import SqlConversationStore, SqlMemberStore

StoreFactory = Callable[[AsyncSession], Any]

STORES: dict[StoreKey[Any], StoreFactory] = {
    CONVERSATIONS: SqlConversationStore,
    MEMBERS: SqlMemberStore,
}
