"""`FakeAdapter`: drive the bot from tests and benchmarks without a platform.

    fake = FakeAdapter()
    await fake.command("/help", user="ann")
    assert "help" in fake.pop().text

Every message the bot sends is kept in `sent` (oldest first); `pop()` takes the oldest
not yet read. Choices on the last message can be pressed by label or value.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from itertools import count

from bot.adapter import DeliveryError, EventSink, SentPart
from bot.commands import CommandSpec
from bot.model import (
    ButtonEvent,
    Capabilities,
    ChatKind,
    ChatRef,
    CommandEvent,
    FormEvent,
    Identity,
    IncomingEvent,
    Mention,
    MessageRef,
    OutgoingMessage,
    Role,
    TextEvent,
)
from bot.richtext import to_plain


@dataclass
class Sent:
    chat: ChatRef
    message: OutgoingMessage
    ref: MessageRef
    to_user: str | None = None
    """For replies: whose event this answered."""
    edited: bool = False
    alert: bool = False
    """A button press's own answer, seen only by the presser (Telegram's callback answer)."""

    @property
    def text(self) -> str:
        return to_plain(self.message.blocks)

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.message.choices]


@dataclass
class FakeAdapter:
    platform: str = "fake"
    capabilities: Capabilities = field(
        default_factory=lambda: Capabilities(
            buttons=True, files=True, direct_messages=True, edits=True
        )
    )
    officers: set[str] = field(default_factory=set)
    unreachable: set[str] = field(default_factory=set)
    """Users who never opened a private chat with the bot: `send_to` them fails."""
    names: dict[str, str] = field(default_factory=dict)
    """Display names other than `user.title()`: an impostor may take anyone's."""
    seen: set[str] = field(default_factory=set)
    """Users who sent the bot anything: their `@user` in a text is a mention of them (as a
    Telegram @username resolves only for members the bot has seen)."""
    chat_names: dict[str, str] = field(default_factory=dict)
    """chat id -> the name the platform would report (`chat_name`); others have none."""
    name_lookups: list[str] = field(default_factory=list)
    """The chat ids `chat_name` was asked about, in order."""
    sent: list[Sent] = field(default_factory=list)
    synced: list[CommandSpec] = field(default_factory=list)
    _read: int = 0
    _sink: EventSink | None = None
    _ids: count[int] = field(default_factory=lambda: count(1))

    # --- the Adapter protocol ---------------------------------------------------------

    async def start(self, sink: EventSink) -> None:
        self._sink = sink

    async def wait_finished(self) -> None:
        return None

    async def stop(self) -> None:
        self._sink = None

    def declare_commands(self, specs: Sequence[CommandSpec]) -> None:
        return None  # nothing to know locally: commands are read from each message

    async def sync_commands(self, specs: Sequence[CommandSpec]) -> None:
        self.synced = list(specs)

    async def send(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        if chat.person is not None:
            return await self.send_to(chat.person, message)
        return self._record(chat, message, None)

    async def send_parts(
        self, chat: ChatRef, message: OutgoingMessage, *, skip: int = 0
    ) -> AsyncIterator[SentPart]:
        """One message, however long: there is no platform limit to split at."""
        yield SentPart(await self.send(chat, message), last=True, primary=True)

    async def reply(self, event: IncomingEvent, message: OutgoingMessage) -> MessageRef:
        return self._record(event.chat, message, event.sender.user_id)

    async def send_to(self, person: Identity, message: OutgoingMessage) -> MessageRef:
        if person.user_id in self.unreachable:
            raise DeliveryError(f"{person.key} never opened a private chat", permanent=True)
        return self._record(self.chat(person.user_id), message, None)  # a post, not a reply

    async def answer_press(self, event: ButtonEvent, message: OutgoingMessage) -> bool:
        user = event.sender.user_id
        ref = MessageRef(self.chat(user), str(next(self._ids)))
        self.sent.append(Sent(self.chat(user), message, ref, to_user=user, alert=True))
        return True

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        self.sent.append(Sent(ref.chat, message, ref, edited=True))

    async def role_of(self, event: IncomingEvent) -> Role:
        return Role.OFFICER if event.sender.user_id in self.officers else Role.MEMBER

    def private_link(self, payload: str) -> str | None:
        return f"https://fake.invalid/start?{payload}"

    async def chat_name(self, chat: ChatRef) -> str | None:
        self.name_lookups.append(chat.chat_id)
        return self.chat_names.get(chat.chat_id)

    # --- driving it -----------------------------------------------------------------

    def identity(self, user: str) -> Identity:
        return Identity(self.platform, user, self.names.get(user, user.title()))

    def mentions(self, text: str) -> tuple[Mention, ...]:
        """`@user` for every user the bot has seen; anything else is not a mention."""
        return tuple(
            Mention(m.group(0), self.identity(m.group(1)))
            for m in re.finditer(r"@(\w+)", text)
            if m.group(1) in self.seen
        )

    def chat(self, user: str = "ann", group: str | None = None) -> ChatRef:
        if group is not None:
            return ChatRef(self.platform, group, ChatKind.GROUP)
        return ChatRef(self.platform, user, ChatKind.PRIVATE)  # as on Telegram: id = user id

    async def push(self, event: IncomingEvent) -> None:
        if self._sink is None:
            raise RuntimeError("FakeAdapter is not started")
        self.seen.add(event.sender.user_id)
        await self._sink.feed(event, self)

    async def command(self, line: str, user: str = "ann", group: str | None = None) -> None:
        name, _, args = line.removeprefix("/").partition(" ")
        await self.push(
            CommandEvent(
                sender=self.identity(user),
                chat=self.chat(user, group),
                name=name,
                args=args,
                mentions=self.mentions(args),
            )
        )

    async def say(self, text: str, user: str = "ann", group: str | None = None) -> None:
        await self.push(
            TextEvent(
                sender=self.identity(user),
                chat=self.chat(user, group),
                text=text,
                mentions=self.mentions(text),
            )
        )

    async def press(self, label_or_value: str, user: str = "ann", group: str | None = None) -> None:
        """Press a choice on the newest message to `user` that offers it."""
        value, ref = label_or_value, None
        for sent in reversed(self.sent):
            match = next(
                (c for c in sent.message.choices if label_or_value in (c.label, c.value)), None
            )
            if match is not None and sent.chat == self.chat(user, group):
                value, ref = match.value, sent.ref
                break
        await self.push(
            ButtonEvent(
                sender=self.identity(user), chat=self.chat(user, group), value=value, message=ref
            )
        )

    async def submit_form(
        self, form_id: str, fields: dict[str, str], user: str = "ann", group: str | None = None
    ) -> None:
        await self.push(
            FormEvent(
                sender=self.identity(user),
                chat=self.chat(user, group),
                form_id=form_id,
                fields=fields,
                mentions=self.mentions("\n".join(fields.values())),
            )
        )

    def pop(self) -> Sent:
        """The oldest message not yet read; fails if there is none."""
        if self._read >= len(self.sent):
            raise AssertionError("the bot sent nothing more")
        self._read += 1
        return self.sent[self._read - 1]

    def pop_all(self) -> list[Sent]:
        unread, self._read = self.sent[self._read :], len(self.sent)
        return unread

    def pop_replies(self, user: str) -> list[Sent]:
        """The unread messages for `user` (replies to them and their private chat); marks
        everything read. Posts the outbox delivers in the background, such as poll results
        to a group, may land at any moment: reading only `user`'s keeps a test exact."""
        return [
            s
            for s in self.pop_all()
            if s.to_user == user or (s.chat.is_private and s.chat.chat_id == user)
        ]

    def last(self) -> Sent:
        if not self.sent:
            raise AssertionError("the bot sent nothing")
        self._read = len(self.sent)
        return self.sent[-1]

    def _record(self, chat: ChatRef, message: OutgoingMessage, to_user: str | None) -> MessageRef:
        ref = MessageRef(chat, str(next(self._ids)))
        self.sent.append(Sent(chat, message, ref, to_user))
        return ref
