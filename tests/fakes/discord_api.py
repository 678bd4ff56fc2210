"""A fake Discord (REST + gateway) on 127.0.0.1 for running the real discord.py against.

    server = await FakeDiscord().start()
    adapter = DiscordAdapter(server.config(), ...)      # api_base_url / gateway_url point here
    ann = server.member("Ann")                          # a member of the default guild
    olive = server.member("Olive", roles=("Officer",))
    reply = await server.slash(ann, "help")             # INTERACTION_CREATE type 2
    first = await server.wait_reply(reply)              # the first answer to it
    await server.click(ann, first.custom_ids[0])        # a button press (type 3)
    await server.submit_modal(ann, modal_id, {"text": "my answer"})   # a modal (type 5)
    server.calls("POST", "/channels/{id}/messages")     # every REST call to that route
    server.channel_messages()                           # bodies posted to the default channel
    server.dm_messages(ann)                             # bodies of DMs to Ann
    server.rate_limit("POST", "/channels/{id}/messages", times=1, retry_after=0.05)
    server.global_limit(50, 1.0)        # a 429 for any request above 50 in a second

`server.discord_config()` is a `[discord]` section pointing at the server (guild
`server.guild_id`, announce channel `server.channel_id`); `server.add_channel(id)` adds
another channel (posts to unknown channels get 404). Members with `roles=("Officer",)` hold
the role named "Officer" (the default `officer_roles`). `await server.dispatch(event, data)`
sends any other gateway event.

Every REST request is recorded as a `Call`; every answer to an interaction (the callback,
follow-ups and edits through the interaction webhook) as a `Reply`. Route patterns use
`{name}` for one path segment. Replies carry JSON with Content-Type exactly
`application/json` and 429s carry `Via` and `retry_after`, as discord.py expects.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.discord_payloads import (
    Reply,
    channel_payload,
    guild_payload,
    member_payload,
    message_payload,
    user_payload,
)
from tests.fakes.discord_rest import (
    Call,
    FakeUser,
    GlobalWindow,
    Interaction,
    RateLimit,
    RestRoutes,
    json_response,
    pattern,
    read_body,
)

API_PREFIX = "/api/v10"

__all__ = ["Call", "FakeDiscord", "FakeUser", "Interaction", "Reply"]


BOT_TOKEN = "fake-token"


class FakeDiscord(RestRoutes):
    def __init__(self, *, guild_id: int = 1001, channel_id: int = 2001, app_id: int = 9001) -> None:
        self.app_id = app_id
        self.guild_id = guild_id
        self.channel_id = channel_id
        self.bot = FakeUser(app_id, "clpbot")
        self.role_ids: dict[str, int] = {"Officer": 3001, "Member": 3002}
        self.log: list[Call] = []
        self.interactions: dict[str, Interaction] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        """Synced command lists: "global" or the guild id as text -> the commands."""
        self.members: dict[int, FakeUser] = {}
        self.extra_channels: set[int] = set()
        self.channel_names: dict[int, str] = {}
        self.identified = asyncio.Event()
        self._ids = itertools.count(500_000)
        self._limits: list[RateLimit] = []
        self._global: GlobalWindow | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._seq = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.base_events.Server)
        self.port = server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def discord_config(self, **extra: Any) -> dict[str, Any]:
        """A `[discord]` config section pointing at this server."""
        return {
            "enabled": True,
            "token": BOT_TOKEN,
            "api_base_url": self.api_base_url,
            "gateway_url": self.gateway_url,
            "guild_ids": [self.guild_id],
            "announce_channels": [self.channel_id],
            **extra,
        }

    # --- people ---------------------------------------------------------------------

    def member(self, name: str, roles: tuple[str, ...] = ()) -> FakeUser:
        for role in roles:
            self.role_ids.setdefault(role, next(self._ids))
        user = FakeUser(next(self._ids), name, roles)
        self.members[user.id] = user
        return user

    # --- driving the bot ------------------------------------------------------------

    async def slash(
        self,
        user: FakeUser,
        name: str,
        options: dict[str, str | int] | None = None,
        *,
        subcommand: str | None = None,
        dm: bool = False,
        guild_id: int | None = None,
    ) -> Interaction:
        """Invoke `/name [subcommand] options...` as `user` (in the guild channel or a DM).

        `guild_id`: from another server the bot was invited to (a global command there),
        where the member holds the roles of the same names."""
        opts: list[dict[str, Any]] = [
            {"name": k, "type": 4 if isinstance(v, int) else 3, "value": v}
            for k, v in (options or {}).items()
        ]
        if subcommand is not None:
            opts = [{"name": subcommand, "type": 1, "options": opts}]
        data: dict[str, Any] = {"id": str(next(self._ids)), "name": name, "type": 1}
        if opts:
            data["options"] = opts
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        elif not dm and str(self.guild_id) in self.commands:
            data["guild_id"] = str(self.guild_id)
        return await self._interact(user, 2, data, dm=dm, guild_id=guild_id)

    async def autocomplete(
        self, user: FakeUser, name: str, option: str, current: str
    ) -> Interaction:
        data: dict[str, Any] = {
            "id": str(next(self._ids)),
            "name": name,
            "type": 1,
            "options": [{"name": option, "type": 3, "value": current, "focused": True}],
        }
        if str(self.guild_id) in self.commands:
            data["guild_id"] = str(self.guild_id)
        return await self._interact(user, 4, data)

    async def click(
        self, user: FakeUser, custom_id: str, *, values: list[str] | None = None, dm: bool = False
    ) -> Interaction:
        """Press a button (or choose `values` in a select menu) with this custom_id."""
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
        if values is not None:
            data.update(component_type=3, values=values)
        message = message_payload(
            next(self._ids), self._channel_for(user, dm), self.bot, {"content": "", "flags": 64}
        )
        return await self._interact(user, 3, data, dm=dm, message=message)

    async def submit_modal(
        self, user: FakeUser, custom_id: str, values: dict[str, str], *, dm: bool = False
    ) -> Interaction:
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in values.items()
        ]
        data = {"custom_id": custom_id, "components": rows}
        return await self._interact(user, 5, data, dm=dm)

    async def wait_reply(
        self, interaction: Interaction, index: int = 0, *, within: float = 10.0
    ) -> Reply:
        """The `index`-th answer to `interaction`, waiting for it to arrive."""
        await self.wait_until(lambda: len(interaction.replies) > index, within=within)
        return interaction.replies[index]

    async def wait_until(self, condition: Callable[[], bool], *, within: float = 10.0) -> None:
        """Wait (at most `within` seconds) until `condition()` holds after some REST call."""
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(condition)

    def rate_limit(
        self, method: str, route: str, *, times: int = 1, retry_after: float = 0.05
    ) -> None:
        """Answer the next `times` calls of `method route` with a 429."""
        self._limits.append(RateLimit(method, pattern(route), times, retry_after))

    def global_limit(self, limit: int = 50, period: float = 1.0) -> None:
        """From now on, answer any request (interactions apart) above `limit` in `period` s
        with a 429, as Discord's global limit does."""
        self._global = GlobalWindow(limit, period)

    # --- what the bot did -----------------------------------------------------------

    def calls(self, method: str, route: str, status: int | None = None) -> list[Call]:
        """Calls to `method route` (`{name}` matches one path segment), of one status if given."""
        wanted = pattern(route)
        return [
            c
            for c in self.log
            if c.method == method
            and wanted.fullmatch(c.path)
            and (status is None or c.status == status)
        ]

    def interaction_replies(self, interaction: Interaction | None = None) -> list[Reply]:
        if interaction is not None:
            return list(interaction.replies)
        return [r for i in self.interactions.values() for r in i.replies]

    def channel_messages(self, channel_id: int | None = None) -> list[dict[str, Any]]:
        """Bodies of the messages the bot posted to a channel (the default one if not given);
        requests refused with an injected 429 are not messages."""
        route = f"/channels/{channel_id or self.channel_id}/messages"
        return [c.body for c in self.calls("POST", route, status=200)]

    def add_channel(self, channel_id: int, name: str = "") -> None:
        """Another text channel the bot may post in (the default one always exists),
        named `name` (default: "channel-ID") when the bot asks (GET /channels/ID)."""
        self.extra_channels.add(channel_id)
        self.channel_names[channel_id] = name or f"channel-{channel_id}"

    def _channel_name(self, channel_id: int) -> str:
        return self.channel_names.get(channel_id, "general")

    def dm_channel_id(self, user: FakeUser) -> int:
        return 700_000 + user.id

    def dm_messages(self, user: FakeUser) -> list[dict[str, Any]]:
        """Bodies of the direct messages the bot sent to `user`."""
        return self.channel_messages(self.dm_channel_id(user))

    def _channel_ids(self) -> set[int]:
        dms = {700_000 + member for member in self.members}
        return {self.channel_id, *self.extra_channels, *dms}

    # --- internals: sending interactions ---------------------------------------------

    def _channel_for(self, user: FakeUser, dm: bool) -> int:
        return self.dm_channel_id(user) if dm else self.channel_id

    async def _interact(
        self,
        user: FakeUser,
        kind: int,
        data: dict[str, Any],
        *,
        dm: bool = False,
        message: dict[str, Any] | None = None,
        guild_id: int | None = None,
    ) -> Interaction:
        interaction_id = next(self._ids)
        guild = self.guild_id if guild_id is None else guild_id
        token = f"tok{interaction_id}"
        channel_id = self._channel_for(user, dm) if guild_id is None else guild_id + 1
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.app_id),
            "type": kind,
            "token": token,
            "version": 1,
            "data": data,
            "channel_id": str(channel_id),
            "locale": "en-GB",
            "app_permissions": "2248473465835073",
            "attachment_size_limit": 10 * 1024 * 1024,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)},
        }
        if dm:
            payload.update(
                user=user_payload(user.id, user.name),
                channel=channel_payload(channel_id, None, dm_user=user_payload(user.id, user.name)),
                context=1,
            )
        else:
            roles = [self.role_ids[r] for r in user.roles]
            payload.update(
                guild_id=str(guild),
                guild_locale="en-GB",
                member=member_payload(user.id, user.name, roles),
                channel=channel_payload(channel_id, guild),
                context=0,
            )
        if message is not None:
            payload["message"] = message
        interaction = Interaction(interaction_id, token, user, payload)
        self.interactions[token] = interaction
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway DISPATCH event to every connected client."""
        frame = json.dumps({"op": 0, "t": event, "s": next(self._seq), "d": data})
        for ws in list(self._sockets):
            await ws.send_str(frame)

    # --- internals: the gateway -----------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            if frame["op"] == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif frame["op"] == 2:
                self._sockets.append(ws)
                await self._ready(ws)
                self.identified.set()
        if ws in self._sockets:
            self._sockets.remove(ws)
        return ws

    async def _ready(self, ws: web.WebSocketResponse) -> None:
        ready = {
            "v": 10,
            "user": user_payload(self.bot.id, self.bot.name, bot=True),
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.app_id), "flags": 0},
        }
        await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": next(self._seq), "d": ready}))
        guild = guild_payload(self.guild_id, self.channel_id, self.role_ids, self.bot)
        frame = {"op": 0, "t": "GUILD_CREATE", "s": next(self._seq), "d": guild}
        await ws.send_str(json.dumps(frame))

    # --- internals: REST ------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await read_body(request)
        call = Call(request.method, path, body, dict(request.query), files)
        self.log.append(call)
        auth = request.headers.get("Authorization")  # interaction webhooks carry none
        if auth is not None and auth != f"Bot {BOT_TOKEN}":
            call.status = 401
            return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        limited = self._limited(call)
        if limited is not None:
            call.status = 429
            return json_response(
                {"message": "You are being rate limited.", "retry_after": limited, "global": False},
                status=429,
                headers={"Via": "1.1 google", "Retry-After": str(limited)},
            )
        status, result = self._answer(call)
        call.status = status
        async with self._changed:
            self._changed.notify_all()
        if status == 204:
            return web.Response(status=204)
        return json_response(result, status=status)

    def _limited(self, call: Call) -> float | None:
        if self._global is not None:
            wait = self._global.admit(call.path, time.monotonic())
            if wait is not None:
                return round(wait, 3)
        for limit in self._limits:
            if (
                limit.times > 0
                and limit.method == call.method
                and limit.pattern.fullmatch(call.path)
            ):
                limit.times -= 1
                return limit.retry_after
        return None
