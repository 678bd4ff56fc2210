"""The seam between the core and a chat platform.

An adapter is held by the core, never subclasses it (the opsdroid connector model). It
turns platform updates into `IncomingEvent`s, hands them to an `EventSink`, and renders
`OutgoingMessage`s back. Everything platform-specific lives behind this protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.commands import CommandSpec
from bot.model import (
    ButtonEvent,
    Capabilities,
    ChatRef,
    Choice,
    Identity,
    IncomingEvent,
    MessageRef,
    OutgoingMessage,
    Role,
)


class DeliveryError(Exception):
    """A send that failed. `permanent`: retrying cannot help (chat gone, bot blocked)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class StartError(Exception):
    """An adapter or the storage could not start. `key` names the config key to fix when
    the cause is the configuration (a token the platform refused); None for an outage
    (server unreachable), which a supervisor's restart may cure. The CLI prints one line."""

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


class EventSink(Protocol):
    """What adapters feed events into (the dispatcher)."""

    async def feed(self, event: IncomingEvent, adapter: Adapter) -> None: ...

    async def suggest(
        self, event: IncomingEvent, adapter: Adapter, lookup: str, current: str
    ) -> list[Choice]:
        """Autocomplete values for an argument (see `ArgSpec.autocomplete`)."""
        ...

    async def settled(self, adapter: Adapter) -> None:
        """Return once the posts queued so far and due now have been delivered, so what
        the last event caused is out (the console waits for this before its next line)."""
        ...


class Adapter(Protocol):
    @property
    def platform(self) -> str: ...

    @property
    def capabilities(self) -> Capabilities: ...

    async def start(self, sink: EventSink) -> None:
        """Connect and begin delivering events; returns once started."""
        ...

    async def wait_finished(self) -> None:
        """Return when the adapter has finished on its own (console at end of input).

        Platform adapters never finish on their own: they wait until `stop()`.
        """
        ...

    async def stop(self) -> None: ...

    async def sync_commands(self, specs: Sequence[CommandSpec]) -> None:
        """Publish the command list (Telegram menu, Discord slash commands)."""
        ...

    async def send(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        """Post to a chat; a person target (`ChatKind.PERSON`, see `person_target`) goes
        to `send_to`, so posts to people can be queued in the outbox like any other."""
        ...

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None: ...

    async def reply(self, event: IncomingEvent, message: OutgoingMessage) -> MessageRef:
        """Answer the person behind `event`, privately if the event came privately."""
        ...

    async def send_to(self, person: Identity, message: OutgoingMessage) -> MessageRef:
        """Message one person privately, wherever the platform keeps that: Telegram, the
        user's private chat; Discord, the user's DM channel; console, the terminal. A person
        is never addressed by guessing a chat id from their user id outside the adapter.
        Raises `DeliveryError` when the platform will not let the bot reach them (a
        Telegram user who never opened a chat with it)."""
        ...

    async def answer_press(self, event: ButtonEvent, message: OutgoingMessage) -> bool:
        """Answer a button press so that only the presser sees it, in the press's own
        answer (Telegram: the callback answer, shown as an alert, at most 200 characters of
        plain text; Discord: an ephemeral reply). False if the press can no longer be
        answered that way. For a member the bot cannot message privately."""
        ...

    async def role_of(self, event: IncomingEvent) -> Role:
        """The sender's role as the platform sees it, asked at the moment of use."""
        ...

    def private_link(self, payload: str) -> str | None:
        """A link that opens a private chat with the bot and runs `/start payload`."""
        ...
