"""The Starlette/uvicorn server: a port in use is a one-line StartError, and a stopped
server has let its port go."""

from __future__ import annotations

import socket

import pytest

from adapters.web import StarletteServer
from bot.adapter import StartError
from bot.app import build_web_server
from bot.config import WebConfig
from bot.web import HEALTH
from tests.commands.feed_support import PUBLIC_URL, web_config
from tests.support import running_app


async def test_a_port_in_use_is_a_start_error_and_a_stopped_server_frees_its_port(
    sqlite_url: str,
) -> None:
    config = web_config(sqlite_url)
    async with running_app(config) as app:
        second = StarletteServer(
            WebConfig(enabled=True, public_url=PUBLIC_URL, port=config.web.port)
        )
        with pytest.raises(StartError, match=r"^web: cannot listen on 127\.0\.0\.1:\d+ \("):
            await second.start([HEALTH], app.services)
    with socket.socket() as probe:  # the app has stopped: the port is free again
        probe.bind(("127.0.0.1", config.web.port))


def test_the_web_server_runs_where_it_is_enabled_and_asked_for(sqlite_url: str) -> None:
    on = web_config(sqlite_url)
    assert isinstance(build_web_server(on), StarletteServer)
    assert isinstance(build_web_server(on, only=["telegram", "web"]), StarletteServer)
    assert build_web_server(on, only=["telegram"]) is None  # another process serves it
    assert build_web_server(on.model_copy(update={"web": WebConfig()})) is None


def test_every_process_taking_telegrams_webhook_runs_the_web_server(sqlite_url: str) -> None:
    on = web_config(sqlite_url)
    webhook = on.telegram.model_copy(update={"mode": "webhook", "webhook_secret": "s"})
    hooked = on.model_copy(update={"telegram": webhook})
    assert hooked.webhook_on_web
    assert isinstance(build_web_server(hooked, only=["telegram"]), StarletteServer)
    assert build_web_server(hooked, only=["discord"]) is None
