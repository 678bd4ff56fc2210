"""`StarletteServer`: the core's `WebRoute`s as a Starlette app, served by uvicorn in the
bot's own event loop (one task, stopped with the bot).

Starlette and uvicorn because they are small, well kept and asyncio-native: the server
shares the bot's loop, storage pool and clock, with no thread or second process, and
python-telegram-bot documents running its webhook inside such an app: with `[web]` on, the
Telegram webhook is one of its routes (adapters/telegram/webhook.py). The port is bound
here, before uvicorn starts, so a port in use is a `StartError` (uvicorn itself would exit
the process). uvicorn's signal handlers and logging set-up are left out: the bot owns both.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Awaitable, Callable, Iterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.adapter import StartError
from bot.config import WebConfig
from bot.context import Services
from bot.web import WebRequest, WebRoute

log = logging.getLogger("clpbot.web")
GRACE_SECONDS = 5


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # SIGINT/SIGTERM stop the whole bot (bot.app), which stops this server


class _TooLargeError(Exception):
    pass


async def _body(request: Request, limit: int) -> bytes:
    """The body, read no further than `limit` bytes (a Content-Length or a chunked stream
    that goes beyond it is `_TooLargeError`)."""
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise _TooLargeError
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLargeError
        chunks.append(chunk)
    return b"".join(chunks)


def _endpoint(route: WebRoute, services: Services) -> Callable[[Request], Awaitable[Response]]:
    async def serve(request: Request) -> Response:
        headers = {name.lower(): value for name, value in request.headers.items()}
        body = b""
        if request.method == "POST":
            try:
                body = await _body(request, route.max_body)
            except _TooLargeError:
                return Response("that request is too large", status_code=413)
        asked = WebRequest(
            request.method,
            request.url.path,
            headers,
            params={name: str(value) for name, value in request.path_params.items()},
            query=dict(request.query_params),
            body=body,
        )
        answer = await route.handler(services, asked)
        return Response(
            answer.body,
            status_code=answer.status,
            media_type=answer.media_type,
            headers=dict(answer.headers),
        )

    return serve


def build_app(routes: list[WebRoute], services: Services) -> Starlette:
    """Each route's methods; GET brings HEAD (Starlette adds it, uvicorn leaves the body out)."""
    return Starlette(
        routes=[
            Route(
                r.path_in(services.config),
                _endpoint(r, services),
                methods=list(r.methods),
                name=r.name,
            )
            for r in routes
        ]
    )


class StarletteServer:
    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None
        self.port = config.port
        """The bound port."""

    async def start(self, routes: list[WebRoute], services: Services) -> None:
        listen, port = self.config.listen, self.config.port
        try:
            family = socket.AF_INET6 if ":" in listen else socket.AF_INET
            sock = socket.create_server((listen, port), family=family)
        except OSError as exc:
            raise StartError(f"web: cannot listen on {listen}:{port} ({exc.strerror})") from exc
        self.port = sock.getsockname()[1]
        settings = uvicorn.Config(
            build_app(routes, services),
            lifespan="off",
            log_config=None,
            access_log=False,  # the calendar's path may be a secret: keep it out of logs
            server_header=False,
            timeout_graceful_shutdown=GRACE_SECONDS,
        )
        self._server = _Server(settings)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]), name="web")
        log.info("web server listening on %s:%s", listen, self.port)

    async def stop(self) -> None:
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        try:
            await self._task
        finally:
            self._server = self._task = None
