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
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from bot.adapter import Adapter
from bot.config import Config
from bot.context import Clock, Services
from bot.dispatcher import Dispatcher
from bot.model import Role
from bot.router import Router
from bot.stores import Storage

log = logging.getLogger("clpbot.app")


def utcnow() -> datetime:
    return datetime.now(UTC)


def build_router() -> Router:
    from commands import basics, conduct

    root = Router("root")
    root.include(basics.router, conduct.router)
    return root


def build_storage(config: Config) -> Storage:
    from storage.sql import SqlStorage

    return SqlStorage(config.storage.url)


def build_adapters(config: Config) -> list[Adapter]:
    adapters: list[Adapter] = []
    if config.console.enabled:
        from adapters.console import ConsoleAdapter

        adapters.append(ConsoleAdapter(config.console.user, Role(config.console.role)))
    return adapters


class App:
    def __init__(
        self,
        config: Config,
        *,
        adapters: Sequence[Adapter] | None = None,
        storage: Storage | None = None,
        clock: Clock = utcnow,
        router: Router | None = None,
    ) -> None:
        self.config = config
        self.storage = storage or build_storage(config)
        self.adapters = list(build_adapters(config) if adapters is None else adapters)
        registry = (router or build_router()).freeze()
        self.services = Services(
            config=config,
            clock=clock,
            storage=self.storage,
            registry=registry,
            adapters={a.platform: a for a in self.adapters},
        )
        self.dispatcher = Dispatcher(self.services)

    async def start(self) -> None:
        await self.storage.upgrade()
        specs = self.services.registry.specs()
        for adapter in self.adapters:
            await adapter.start(self.dispatcher)
            await adapter.sync_commands(specs)
            log.info("%s adapter started", adapter.platform)
        for hook in self.services.registry.startup:
            await hook(self.services)

    async def stop(self) -> None:
        for hook in self.services.registry.shutdown:
            with _logged("a shutdown hook"):
                await hook(self.services)
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
        await self.start()
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
        await asyncio.gather(*(adapter.wait_finished() for adapter in self.adapters))


@contextlib.contextmanager
def _logged(what: str) -> Iterator[None]:
    try:
        yield
    except Exception:
        log.exception("error while %s", what)
