"""One registry of buttons for every adapter, shared by every worker and every restart.

A button's data comes back from the platform on a press, and anyone can forge it. So what
a button stands for (its payload: a choice's value, or what an adapter needs to open a
form) is either packed into the data itself with an HMAC, or, when it does not fit the
platform's limit (Telegram callback_data: 64 bytes; Discord custom_id: 100 characters),
kept in the `buttons` table under a random token that is signed the same way. The MAC
covers the platform and the chat the button was sent to, so data forged, altered or
replayed into another chat is refused before anything is looked up.

The secret is made once per deployment and kept in the database, so every worker (and
every restart) signs and checks with the same key. Stored buttons older than
`[retention] buttons_days` are pruned by the daily clean-up.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime

from bot.stores import Storage
from bot.stores.buttons import BUTTONS, StoredButton

PACKED = "1"
STORED = "2"
MAC_BYTES = 9
MAC_CHARS = 12  # base64url of 9 bytes, no padding
TOKEN_CHARS = 16
SECRET = "buttons"
TELEGRAM_LIMIT = 64
DISCORD_LIMIT = 100


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class Buttons:
    def __init__(self, storage: Storage, clock: Callable[[], datetime]) -> None:
        self.storage = storage
        self.clock = clock
        self._key: bytes | None = None
        self._loading = asyncio.Lock()

    async def key(self) -> bytes:
        """The deployment's signing key, read (or made) once per process."""
        if self._key is None:
            async with self._loading:
                if self._key is None:
                    fresh = _b64(secrets.token_bytes(32))
                    async with self.storage.unit() as uow:
                        stored = await uow.get(BUTTONS).secret(SECRET, fresh)
                    self._key = stored.encode()
        return self._key

    async def issue(
        self, platform: str, chat_id: str, payloads: Sequence[str], *, limit: int
    ) -> list[str]:
        """Button data for each payload, for a message sent to `chat_id`, each at most `limit`
        bytes. Payloads that do not fit are stored first (one short transaction)."""
        key = await self.key()
        room = limit - 1 - MAC_CHARS
        datas: list[str] = []
        stored: list[StoredButton] = []
        for payload in payloads:
            if len(payload.encode()) <= room:
                datas.append(PACKED + _mac(key, PACKED, platform, chat_id, payload) + payload)
                continue
            token = secrets.token_urlsafe(12)[:TOKEN_CHARS]
            stored.append(StoredButton(token, platform, chat_id, payload, self.clock()))
            datas.append(STORED + _mac(key, STORED, platform, chat_id, token) + token)
        if stored:
            async with self.storage.unit() as uow:
                await uow.get(BUTTONS).save(stored)
        return datas

    async def resolve(self, platform: str, chat_id: str, data: str) -> str | None:
        """The payload behind `data` pressed in `chat_id`; None if forged, from another
        chat, or stored and since pruned."""
        kind, mac, body = data[:1], data[1 : 1 + MAC_CHARS], data[1 + MAC_CHARS :]
        if kind not in (PACKED, STORED) or len(mac) != MAC_CHARS:
            return None
        if not hmac.compare_digest(mac, _mac(await self.key(), kind, platform, chat_id, body)):
            return None
        if kind == PACKED:
            return body
        async with self.storage.unit() as uow:
            found = await uow.get(BUTTONS).load(body)
        if found is None or (found.platform, found.chat_id) != (platform, chat_id):
            return None
        return found.payload


def _mac(key: bytes, kind: str, platform: str, chat_id: str, body: str) -> str:
    signed = "\x1f".join((kind, platform, chat_id, body)).encode()
    return _b64(hmac.new(key, signed, hashlib.sha256).digest()[:MAC_BYTES])
