"""Reads lines from stdin (a terminal or a pipe), prints replies as plain text.

Choices are shown as a numbered list; the person answers with the number or the text.
Each message is handled only once the answers to the one before are out, the posts the
bot queued for delivery included (`EventSink.settled`): piped input is read as if typed
after each answer. End of input or /quit ends the adapter; the app exits when no other
adapter runs.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Sequence
from itertools import count
from typing import TextIO

from adapters.console.lines import BLOCK, HOW_TO_TYPE_LINES, ConsoleLines
from bot.adapter import EventSink, SentPart
from bot.commands import CommandSpec
from bot.model import (
    ButtonEvent,
    Capabilities,
    ChatKind,
    ChatRef,
    CommandEvent,
    Identity,
    IncomingEvent,
    MessageRef,
    OutgoingMessage,
    Role,
    TextEvent,
)
from bot.richtext import to_plain

log = logging.getLogger("clpbot.console")
PLATFORM = "console"
CHAT = ChatRef(PLATFORM, "console", ChatKind.PRIVATE)
TERMINAL = "This terminal"


class ConsoleAdapter:
    platform = PLATFORM
    capabilities = Capabilities(
        buttons=True,
        files=True,
        direct_messages=True,
        max_message_length=10**9,
        lines_hint=HOW_TO_TYPE_LINES,
    )

    def __init__(
        self,
        user: str,
        role: Role,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.identity = Identity(PLATFORM, "local", user)
        self.role = role
        self._stdin = stdin or sys.stdin
        self._stdout = stdout or sys.stdout
        self._lines = ConsoleLines(self._stdin, self._print)
        self._offered: list[tuple[str, str]] = []
        self._ids = count(1)
        self._task: asyncio.Task[None] | None = None
        self._finished = asyncio.Event()

    async def start(self, sink: EventSink) -> None:
        self._lines.start()
        self._task = asyncio.create_task(self._serve(sink))
        if self._stdin.isatty():
            self._print(
                "clpbot is ready. Type /help to see the commands, /quit to leave. "
                f"For several lines (paragraphs), type {BLOCK} on a line of its own, "
                f"the text, then {BLOCK} again."
            )

    async def _serve(self, sink: EventSink) -> None:
        try:
            while (text := await self._lines.next_message()) is not None:
                if text in ("/quit", "/exit"):
                    break
                if text:
                    await sink.feed(self._event_for(text), self)
                    await sink.settled(self)
        finally:
            self._finished.set()

    def _event_for(self, text: str) -> IncomingEvent:
        who = self.identity
        if text.startswith("/") and len(text) > 1:
            name, _, args = text[1:].partition(" ")
            return CommandEvent(sender=who, chat=CHAT, name=name, args=args.strip())
        action = self._pressed_action(text)
        if action is not None:
            return ButtonEvent(sender=who, chat=CHAT, value=action)
        return TextEvent(sender=who, chat=CHAT, text=text)

    def _pressed_action(self, text: str) -> str | None:
        """A number or label naming a button action (`prefix:arg`) from the last message.

        Conversation choices go through as text: the conversation engine maps them,
        because only it knows whether the step expects a number.
        """
        for number, (label, value) in enumerate(self._offered, start=1):
            if ":" in value and text.casefold() in (str(number), label.casefold()):
                return value
        return None

    async def wait_finished(self) -> None:
        await self._finished.wait()

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._finished.set()

    def declare_commands(self, specs: Sequence[CommandSpec]) -> None:
        return None  # nothing to know locally: commands are read from each message

    async def sync_commands(self, specs: Sequence[CommandSpec]) -> None:
        return None

    async def send(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        if chat.person is not None:
            return await self.send_to(chat.person, message)
        if chat.platform != PLATFORM or chat.kind is not ChatKind.PRIVATE:
            self._print(f"[to {chat.platform} chat {chat.chat_id}]")
        return self._show(message, chat)

    async def send_parts(
        self, chat: ChatRef, message: OutgoingMessage, *, skip: int = 0
    ) -> AsyncIterator[SentPart]:
        """One message, however long: there is no platform limit to split at."""
        yield SentPart(await self.send(chat, message), last=True, primary=True)

    async def reply(self, event: IncomingEvent, message: OutgoingMessage) -> MessageRef:
        return self._show(message, CHAT)

    async def send_to(self, person: Identity, message: OutgoingMessage) -> MessageRef:
        if person.platform != PLATFORM:
            self._print(f"[privately to {person.platform} user {person.user_id}]")
        return self._show(message, CHAT)

    async def answer_press(self, event: ButtonEvent, message: OutgoingMessage) -> bool:
        self._show(message, CHAT)
        return True

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        self._show(message, ref.chat)

    async def role_of(self, event: IncomingEvent) -> Role:
        return self.role

    def private_link(self, payload: str) -> str | None:
        return None

    async def chat_name(self, chat: ChatRef) -> str | None:
        """The console has one chat: the terminal the bot runs in."""
        return TERMINAL if chat == CHAT else None

    def _show(self, message: OutgoingMessage, chat: ChatRef) -> MessageRef:
        lines = [to_plain(message.blocks)]
        if message.choices:
            self._offered = [(c.label, c.value) for c in message.choices]
            lines += [f"  {n}. {c.label}" for n, c in enumerate(message.choices, start=1)]
        if message.attachment is not None:
            lines += ["", f"--- {message.attachment.filename} ---"]
            lines.append(message.attachment.content.decode("utf-8", errors="replace"))
            lines.append(f"--- end of {message.attachment.filename} ---")
        self._print("\n".join(lines))
        return MessageRef(chat, str(next(self._ids)))

    def _print(self, text: str) -> None:
        self._stdout.write(text + "\n\n")
        self._stdout.flush()
