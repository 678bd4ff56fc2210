"""What a handler gets: the event, who sent it and with what role, a unit of work, and
ways to answer.

Answers wait for the commit: while the event's unit of work is open, `reply`, `send` and
`deliver` only queue their network call, and the core makes them, in order, once the
transaction has committed (`bot.middleware.unit_of_work`). A rollback drops them, so
nothing claims success that was not stored, and no transaction is held across a send.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from bot.buttons import Buttons
from bot.chat_names import ChatNames
from bot.config import Config
from bot.model import (
    ChatRef,
    Choice,
    Identity,
    IncomingEvent,
    OutgoingMessage,
    Role,
)
from bot.permissions import EVERY_PERMISSION, Permission
from bot.scheduling.outbox import Outbox
from bot.scheduling.scheduler import Scheduler
from bot.stores import Storage, UnitOfWork

if TYPE_CHECKING:
    from bot.adapter import Adapter
    from bot.router import Registry

Delivery = Callable[[], Awaitable[object]]
"""A network call to make for an event: a reply, a send, an edit, work after the commit."""

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
    chat_names: ChatNames = field(init=False)

    def __post_init__(self) -> None:
        self.scheduler = Scheduler(self)
        self.outbox = Outbox(self)
        self.buttons = Buttons(self.storage, self.clock)
        self.chat_names = ChatNames(self.adapters, self.clock)


class Context:
    def __init__(self, event: IncomingEvent, adapter: Adapter, services: Services) -> None:
        self.event = event
        self.adapter = adapter
        self.services = services
        self.role = Role.MEMBER
        """The platform's answer (`Adapter.role_of`): an officer there holds every permission."""
        self.offices: tuple[str, ...] = ()
        """The offices the sender holds in the bot (stored, read for every event)."""
        self.args = ""
        self._uow: UnitOfWork | None = None
        self._queued: list[Delivery] | None = None
        self.offered: tuple[Choice, ...] | None = None
        """The choices of the last reply to this event (None: nothing was replied), so a
        typed answer to them can be read as the press (`bot.offers`)."""

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
    def platform_officer(self) -> bool:
        """An officer by the platform or the config: every permission (the bootstrap)."""
        return self.role is Role.OFFICER

    @property
    def permissions(self) -> frozenset[Permission]:
        if self.platform_officer:
            return EVERY_PERMISSION
        declared = self.config.offices
        return frozenset(p for office in self.offices for p in declared.get(office, ()))

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def is_officer(self) -> bool:
        """Holds any officer permission (by an office or by the platform)."""
        return bool(self.permissions)

    @property
    def role_name(self) -> str:
        """ "officer" or "member", as the audit log records it."""
        return (Role.OFFICER if self.is_officer else Role.MEMBER).value

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

    async def reply(self, message: OutgoingMessage | str) -> None:
        if isinstance(message, str):
            message = OutgoingMessage.text(message)
        message = message.fitted(self.adapter.capabilities)
        self.offered = message.choices
        await self.deliver(partial(self.adapter.reply, self.event, message))

    async def send(self, chat: ChatRef, message: OutgoingMessage) -> None:
        """Send to any chat on any running platform; nothing if that platform is not running."""
        adapter = self.services.adapters.get(chat.platform)
        if adapter is not None:
            await self.deliver(partial(adapter.send, chat, message.fitted(adapter.capabilities)))

    async def deliver(self, work: Delivery) -> None:
        """Make a network call for this event: after the commit while deliveries are held
        (a handler's), at once otherwise. `work` may use a fresh short unit of its own to
        record what the platform answered."""
        if self._queued is None:
            await work()
        else:
            self._queued.append(work)

    async def in_own_unit(self, work: Callable[[UnitOfWork], Awaitable[object]]) -> None:
        """The one way for a handler to get a transaction of its own (a long batch, or what
        to store about a message once it is sent): `work` runs in a new short unit after
        the event's transaction has committed, in order with the answers."""

        async def run() -> None:
            async with self.services.storage.unit() as uow:
                await work(uow)

        await self.deliver(run)

    def hold_deliveries(self) -> None:
        self._queued = []

    def drop_deliveries(self) -> None:
        """The transaction did not commit: what it would have said must not go out."""
        self._queued = None

    async def flush_deliveries(self) -> None:
        """After the commit: make the held calls in order (later ones are made at once)."""
        queued, self._queued = self._queued or [], None
        for work in queued:
            await work()
