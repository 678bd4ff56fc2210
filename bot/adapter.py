"""The seam between the core and a chat platform.

An adapter is held by the core, never subclasses it (the opsdroid connector model). It
turns platform updates into `IncomingEvent`s, hands them to an `EventSink`, and renders
`OutgoingMessage`s back. Everything platform-specific lives behind this protocol.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.buttons import Buttons
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
from bot.web import WebRoute


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


@dataclass(frozen=True, slots=True)
class SentPart:
    """One platform message of a post that is split into several (4096 characters on
    Telegram, 2000 on Discord). `last`: no part follows. `primary`: this part's ref is the
    one `send` returns for the whole post (Telegram: the part holding the buttons)."""

    ref: MessageRef
    last: bool
    primary: bool


class EventSink(Protocol):
    """What adapters feed events into (the dispatcher), and the button registry they
    encode and resolve button data with (`bot.buttons`)."""

    @property
    def buttons(self) -> Buttons: ...

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

    def declare_commands(self, specs: Sequence[CommandSpec]) -> None:
        """Know the commands before `start` (no network): an invocation that arrives the
        moment the adapter connects must already resolve (Discord's command tree)."""
        ...

    async def sync_commands(self, specs: Sequence[CommandSpec]) -> None:
        """Publish the command list (Telegram menu, Discord slash commands) once started."""
        ...

    async def send(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        """Post to a chat; a person target (`ChatKind.PERSON`, see `person_target`) goes
        to `send_to`, so posts to people can be queued in the outbox like any other."""
        ...

    def send_parts(
        self, chat: ChatRef, message: OutgoingMessage, *, skip: int = 0
    ) -> AsyncIterator[SentPart]:
        """Send `message` as `send` does, yielding each platform message once it is sent,
        after the first `skip` (sent before): the outbox records each part, so a restart
        resends only the parts not yet sent."""
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

    async def chat_name(self, chat: ChatRef) -> str | None:
        """The chat's name as the platform shows it (a Telegram group's title, a Discord
        channel's name), or None if the platform cannot say. A network call: the core asks
        only outside a transaction and keeps the answer (`bot.chat_names`)."""
        ...


@runtime_checkable
class ServesWeb(Protocol):
    """An adapter that also takes requests on the bot's web server (Telegram's webhook
    with `[web]` on). Optional: the app serves the routes of the adapters that have it."""

    def web_routes(self) -> list[WebRoute]:
        """Known before `start` (the server starts first); a route may answer 503 until
        the adapter has started."""
        ...
