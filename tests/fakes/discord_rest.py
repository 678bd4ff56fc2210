"""The fake Discord's data and its REST answers (see `discord_api.FakeDiscord`)."""

from __future__ import annotations

import itertools
import json
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from tests.fakes.discord_payloads import (
    EPHEMERAL,
    Reply,
    application_payload,
    channel_payload,
    guild_payload,
    member_payload,
    message_payload,
    user_payload,
)

JSON = "application/json"


@dataclass(frozen=True)
class FakeUser:
    id: int
    name: str
    roles: tuple[str, ...] = ()


@dataclass
class Call:
    method: str
    path: str
    """The path after the API prefix, for example `/channels/42/messages`."""
    body: Any
    query: dict[str, str]
    files: tuple[tuple[str, bytes], ...] = ()
    status: int = 0
    """What the fake answered: 200, 429 (an injected rate limit), 404..."""


@dataclass
class Interaction:
    """One interaction the fake sent; its answers arrive in `replies`."""

    id: int
    token: str
    user: FakeUser
    payload: dict[str, Any]
    replies: list[Reply] = field(default_factory=list)


@dataclass
class RateLimit:
    method: str
    pattern: re.Pattern[str]
    times: int
    retry_after: float


@dataclass
class GlobalWindow:
    """Discord's global limit: at most `limit` requests in any `period` seconds, counted as
    they arrive; interactions and their webhooks are exempt."""

    limit: int
    period: float
    stamps: deque[float] = field(default_factory=deque)

    def admit(self, path: str, now: float) -> float | None:
        """None, counting the request, if it is allowed; else how long until it would be."""
        if path.startswith(("/interactions/", "/webhooks/")):
            return None
        while self.stamps and self.stamps[0] <= now - self.period:
            self.stamps.popleft()
        if len(self.stamps) >= self.limit:
            return self.stamps[0] + self.period - now
        self.stamps.append(now)
        return None


class RestRoutes:
    """What the fake answers to each REST route; `FakeDiscord` holds the state."""

    app_id: int
    guild_id: int
    channel_id: int
    bot: FakeUser
    role_ids: dict[str, int]
    members: dict[int, FakeUser]
    interactions: dict[str, Interaction]
    commands: dict[str, list[dict[str, Any]]]
    _ids: itertools.count[int]

    def _channel_ids(self) -> set[int]:
        raise NotImplementedError

    def _channel_name(self, channel_id: int) -> str:
        raise NotImplementedError

    def _answer(self, call: Call) -> tuple[int, Any]:
        method, path, body = call.method, call.path, call.body
        if path == "/users/@me":
            return 200, user_payload(self.bot.id, self.bot.name, bot=True)
        if path == "/oauth2/applications/@me":
            return 200, application_payload(self.app_id, self.bot)
        if m := re.fullmatch(r"/applications/\d+(?:/guilds/(\d+))?/commands", path):
            if method != "PUT":
                return 200, self.commands.get(m.group(1) or "global", [])
            synced = [
                {
                    **c,
                    "id": str(next(self._ids)),
                    "application_id": str(self.app_id),
                    "version": "1",
                }
                for c in body
            ]
            self.commands[m.group(1) or "global"] = synced
            return 200, synced
        if m := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            return self._callback(m.group(2), body)
        if m := re.fullmatch(r"/webhooks/\d+/([^/]+)(?:/messages/([^/]+))?", path):
            return self._webhook(method, m.group(1), m.group(2), body)
        if (m := re.fullmatch(r"/channels/(\d+)", path)) and method == "GET":
            channel_id = int(m.group(1))
            if channel_id not in self._channel_ids():
                return 404, {"message": "Unknown Channel", "code": 10003}
            return 200, channel_payload(
                channel_id, self.guild_id, name=self._channel_name(channel_id)
            )
        if m := re.fullmatch(r"/channels/(\d+)/messages(?:/(\d+))?", path):
            if int(m.group(1)) not in self._channel_ids():
                return 404, {"message": "Unknown Channel", "code": 10003}
            message_id = int(m.group(2)) if m.group(2) else next(self._ids)
            return 200, message_payload(message_id, int(m.group(1)), self.bot, body or {})
        if (m := re.fullmatch(r"/users/(\d+)", path)) and int(m.group(1)) in self.members:
            found = self.members[int(m.group(1))]
            return 200, user_payload(found.id, found.name)
        if path == "/users/@me/channels":
            recipient = int(body["recipient_id"])
            dm = user_payload(recipient, f"user{recipient}")
            return 200, channel_payload(700_000 + recipient, None, dm_user=dm)
        if m := re.fullmatch(r"/guilds/\d+/members/(\d+)", path):
            member = self.members.get(int(m.group(1)))
            if member is None:
                return 404, {"message": "Unknown Member", "code": 10007}
            roles = [self.role_ids[r] for r in member.roles]
            return 200, member_payload(member.id, member.name, roles)
        if m := re.fullmatch(r"/guilds/(\d+)/roles", path):
            return 200, guild_payload(self.guild_id, self.channel_id, self.role_ids, self.bot)[
                "roles"
            ]
        return 404, {"message": f"Unknown route {method} {path}", "code": 0}

    def _callback(self, token: str, body: dict[str, Any]) -> tuple[int, Any]:
        interaction = self.interactions[token]
        data = body.get("data") or {}
        message_id = next(self._ids)
        interaction.replies.append(Reply("callback", body["type"], data, message_id))
        channel = int(interaction.payload["channel_id"])
        result = {
            "interaction": {
                "id": str(interaction.id),
                "type": interaction.payload["type"],
                "response_message_id": str(message_id),
                "response_message_loading": body["type"] == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL),
            },
            "resource": {"type": body["type"]},
        }
        if body["type"] in (4, 5, 7):
            result["resource"]["message"] = message_payload(message_id, channel, self.bot, data)
        return 200, result

    def _webhook(self, method: str, token: str, message: str | None, body: Any) -> tuple[int, Any]:
        interaction = self.interactions[token]
        channel = int(interaction.payload["channel_id"])
        kind = {"POST": "followup", "PATCH": "edit", "DELETE": "delete"}.get(method, "get")
        if kind == "get":
            return 200, message_payload(next(self._ids), channel, self.bot, {})
        message_id = next(self._ids) if message in (None, "@original") else int(message)
        interaction.replies.append(Reply(kind, None, body or {}, message_id, target=message))
        if kind == "delete":
            return 204, None
        return 200, message_payload(message_id, channel, self.bot, body or {})


def pattern(route: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", route)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


def json_response(
    data: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """JSON with Content-Type exactly `application/json`: discord.py reads others as text."""
    response = web.Response(body=json.dumps(data).encode(), status=status, headers=headers)
    response.headers["Content-Type"] = JSON
    return response


async def read_body(request: web.Request) -> tuple[Any, tuple[tuple[str, bytes], ...]]:
    if request.content_type.startswith("multipart/"):
        body: Any = {}
        files: list[tuple[str, bytes]] = []
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                continue
            content = await part.read()
            if part.name == "payload_json":
                body = json.loads(content)
            else:
                files.append((part.filename or part.name or "", bytes(content)))
        return body, tuple(files)
    raw = await request.read()
    return (json.loads(raw) if raw else None), ()
