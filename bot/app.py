"""The composition root: the one place that knows every adapter, store and feature.

It builds the storage, includes every feature router, starts the enabled adapters and
runs until a signal (or until every adapter has finished on its own, as the console does
at end of input). Platform libraries are imported only when their adapter is enabled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Collection, Iterator, Sequence
from datetime import UTC, datetime
from typing import Literal

from bot.adapter import Adapter, ServesWeb, StartError
from bot.config import Config
from bot.context import Clock, Services
from bot.dispatcher import Dispatcher
from bot.model import Role
from bot.router import Router
from bot.stores import Storage
from bot.targets import announce_chats, officer_chats
from bot.web import HEALTH, WebRoute, WebServer

log = logging.getLogger("clpbot.app")


NAMES_WAIT = 5.0
"""Seconds the start waits for the announce chats' names (the rest arrive meanwhile)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def build_router() -> Router:
    from commands import (
        basics,
        conduct,
        consultations,
        digest,
        events,
        feeds,
        ideas,
        link,
        officers,
        polls,
        privacy,
        submissions,
        web,
    )

    root = Router("root")
    root.include(basics.router, conduct.router, submissions.router, events.router)
    root.include(consultations.router, feeds.router, digest.router)
    root.include(ideas.router, polls.router, link.router, officers.router)
    root.include(privacy.router, web.router)
    return root


async def export_submissions(config: Config, fmt: str, status: str | None) -> str:
    """`clpbot export submissions`: the text for the Policy Forum website, from the database."""
    from commands.submissions.export import export_text

    storage = await open_storage(config)
    try:
        async with storage.unit() as uow:
            today = utcnow().astimezone(config.clp.zone).date()
            return await export_text(uow, config, fmt, status, today)
    finally:
        await storage.close()


async def digest_for_newsletter(config: Config, fmt: Literal["md", "html"]) -> str:
    """`clpbot digest --format md|html`: this week's digest for the CLP newsletter."""
    from commands.digest import newsletter

    storage = await open_storage(config)
    try:
        services = Services(
            config=config, clock=utcnow, storage=storage, registry=build_router().freeze()
        )
        return await newsletter(services, fmt)
    finally:
        await storage.close()


def build_storage(config: Config) -> Storage:
    from storage.sql import SqlStorage

    return SqlStorage(
        config.storage.url,
        pool_size=config.storage.pool_size,
        max_overflow=config.storage.max_overflow,
    )


async def open_storage(config: Config, storage: Storage | None = None) -> Storage:
    """The storage with every migration applied; a database that cannot be opened or
    migrated is a `StartError` (one line from the CLI). A storage built here is closed
    again on failure; one handed in is its owner's to close (`App.stop`)."""
    built = storage is None
    storage = storage or build_storage(config)
    try:
        await storage.upgrade()
    except Exception as exc:
        if built:
            await storage.close()
        raise StartError(f"could not open the database at storage.url: {_first_line(exc)}") from exc
    return storage


async def maintain_database(config: Config, action: str, argument: str | None) -> str:
    """`clpbot db upgrade|backup|restore|copy`: what was done, in one line. A refusal (or a
    database that cannot be opened) is a `StartError`: one line from the CLI, exit 1."""
    from storage import copy, maintenance

    try:
        if action == "upgrade":
            return await maintenance.upgrade(config.storage.url)
        if action == "copy" and argument is not None:
            return await copy.copy(config.storage.url, argument)
        tool = {"backup": maintenance.backup, "restore": maintenance.restore}[action]
        return await tool(config.storage.url, str(argument))
    except maintenance.MaintenanceError as refusal:
        raise StartError(str(refusal)) from refusal
    except Exception as exc:
        raise StartError(f"could not open the database at storage.url: {_first_line(exc)}") from exc


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def build_adapters(config: Config, only: Collection[str] | None = None) -> list[Adapter]:
    """The enabled adapters; with `only`, just those platforms (`clpbot run --only`: one
    process per platform, each still knowing every platform's chats as posting targets)."""

    def wanted(platform: str) -> bool:
        return only is None or platform in only

    adapters: list[Adapter] = []
    if config.console.enabled and wanted("console"):
        from adapters.console import ConsoleAdapter

        adapters.append(ConsoleAdapter(config.console.user, Role(config.console.role)))
    if config.discord.enabled and wanted("discord"):
        from adapters.discord import DiscordAdapter

        adapters.append(DiscordAdapter(config.discord))
    if config.telegram.enabled and wanted("telegram"):
        from adapters.telegram import TelegramAdapter

        web = config.web if config.webhook_on_web else None  # the web server takes the webhook
        adapters.append(TelegramAdapter(config.telegram, web=web))
    return adapters


def build_web_server(config: Config, only: Collection[str] | None = None) -> WebServer | None:
    """The web server when `[web]` is enabled; with `--only`, in the process given `web`
    and in each one given `telegram` when Telegram's webhook is one of its routes."""
    if not config.web.enabled:
        return None
    wanted = {"web", "telegram"} if config.webhook_on_web else {"web"}
    if only is not None and not wanted.intersection(only):
        return None
    from adapters.web import StarletteServer

    return StarletteServer(config.web)


class App:
    def __init__(
        self,
        config: Config,
        *,
        adapters: Sequence[Adapter] | None = None,
        storage: Storage | None = None,
        clock: Clock = utcnow,
        router: Router | None = None,
        only: Collection[str] | None = None,
        web: WebServer | None = None,
    ) -> None:
        self.config = config
        self.storage = storage or build_storage(config)
        self.web = web or build_web_server(config, only)
        self.adapters = list(build_adapters(config, only) if adapters is None else adapters)
        registry = (router or build_router()).freeze()
        self.services = Services(
            config=config,
            clock=clock,
            storage=self.storage,
            registry=registry,
            adapters={a.platform: a for a in self.adapters},
        )
        self.dispatcher = Dispatcher(self.services)
        self._naming: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await open_storage(self.config, self.storage)
        await self.services.buttons.key()  # made or read once, before any event holds a lock
        if self.web is not None:
            await self.web.start(self._web_routes(), self.services)
        specs = self.services.registry.specs()
        known = [*announce_chats(self.config), *officer_chats(self.config)]
        # what needs no connection (the console's terminal) is named before any input
        await self.services.chat_names.refresh(known, keep_unknown=False)
        for adapter in self.adapters:
            adapter.declare_commands(specs)  # known before the first event can arrive
            await adapter.start(self.dispatcher)
            await adapter.sync_commands(specs)
            log.info("%s adapter started", adapter.platform)
        await self.services.outbox.start()
        await self.services.scheduler.start()
        for hook in self.services.registry.startup:
            await hook(self.services)
        self._naming = await self.services.chat_names.warm(known, NAMES_WAIT)

    async def names_known(self) -> None:
        """Return once the chat names asked for at start are in (tests wait for it)."""
        if self._naming is not None:
            await asyncio.shield(self._naming)

    def _web_routes(self) -> list[WebRoute]:
        routes = [HEALTH, *self.services.registry.web_routes.values()]
        for adapter in self.adapters:
            if isinstance(adapter, ServesWeb):
                routes += adapter.web_routes()
        return routes

    async def stop(self) -> None:
        if self._naming is not None:
            self._naming.cancel()
        for hook in self.services.registry.shutdown:
            with _logged("a shutdown hook"):
                await hook(self.services)
        if self.web is not None:
            with _logged("stopping the web server"):
                await self.web.stop()
        await self.services.scheduler.stop()
        await self.services.outbox.stop()
        for adapter in self.adapters:
            with _logged(f"stopping the {adapter.platform} adapter"):
                await adapter.stop()
        await self.storage.close()
        log.info("stopped")

    async def run(self) -> None:
        """Start, serve until SIGINT/SIGTERM or until every adapter has finished, stop."""
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stopping.set)
        try:
            await self.start()
        except BaseException:
            await self.stop()  # whatever did start (the console, the database) is let go
            raise
        try:
            finished = asyncio.ensure_future(self._all_finished())
            signalled = asyncio.ensure_future(stopping.wait())
            await asyncio.wait({finished, signalled}, return_when=asyncio.FIRST_COMPLETED)
            finished.cancel()
            signalled.cancel()
        finally:
            await self.stop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)

    async def _all_finished(self) -> None:
        if not self.adapters and self.web is not None:
            await asyncio.Event().wait()  # `--only web`: serve until a signal
        await asyncio.gather(*(adapter.wait_finished() for adapter in self.adapters))


@contextlib.contextmanager
def _logged(what: str) -> Iterator[None]:
    try:
        yield
    except Exception:
        log.exception("error while %s", what)
