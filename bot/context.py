"""What a handler gets: the event, who sent it and with what role, a unit of work, and
ways to answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.buttons import Buttons
from bot.config import Config
from bot.model import (
    ChatRef,
    Identity,
    IncomingEvent,
    MessageRef,
    OutgoingMessage,
    Role,
)
from bot.scheduling.outbox import Outbox
from bot.scheduling.scheduler import Scheduler
from bot.stores import Storage, UnitOfWork

if TYPE_CHECKING:
    from bot.adapter import Adapter
    from bot.router import Registry

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware in UTC. Tests pass a controllable one."""


@dataclass
class Services:
    """Long-lived things every handler may need, built once by the composition root."""

    config: Config
    clock: Clock
    storage: Storage
    registry: Registry
    adapters: dict[str, Adapter] = field(default_factory=dict)
    scheduler: Scheduler = field(init=False)
    outbox: Outbox = field(init=False)
    buttons: Buttons = field(init=False)

    def __post_init__(self) -> None:
        self.scheduler = Scheduler(self)
        self.outbox = Outbox(self)
        self.buttons = Buttons(self.storage, self.clock)


class Context:
    def __init__(self, event: IncomingEvent, adapter: Adapter, services: Services) -> None:
        self.event = event
        self.adapter = adapter
        self.services = services
        self.role = Role.MEMBER
        self.args = ""
        self._uow: UnitOfWork | None = None

    @property
    def sender(self) -> Identity:
        return self.event.sender

    @property
    def chat(self) -> ChatRef:
        return self.event.chat

    @property
    def config(self) -> Config:
        return self.services.config

    @property
    def is_officer(self) -> bool:
        return self.role is Role.OFFICER

    @property
    def uow(self) -> UnitOfWork:
        if self._uow is None:
            raise RuntimeError("no unit of work: the unit_of_work middleware did not run")
        return self._uow

    @uow.setter
    def uow(self, value: UnitOfWork | None) -> None:
        self._uow = value

    def now(self) -> datetime:
        return self.services.clock()

    async def reply(self, message: OutgoingMessage | str) -> MessageRef:
        if isinstance(message, str):
            message = OutgoingMessage.text(message)
        return await self.adapter.reply(self.event, message)

    async def send(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef | None:
        """Send to any chat on any running platform; None if that platform is not running."""
        adapter = self.services.adapters.get(chat.platform)
        if adapter is None:
            return None
        return await adapter.send(chat, message)
