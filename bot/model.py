"""The neutral event model: what every adapter translates to and from.

Nothing here knows about a platform. An adapter turns a Telegram update or a Discord
interaction into one of the `IncomingEvent` variants and renders `OutgoingMessage`
back into its own form.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace

from bot.richtext import Block, paragraphs
from bot.typed_text import clean_typed


class ChatKind(enum.StrEnum):
    PRIVATE = "private"
    GROUP = "group"
    CHANNEL = "channel"
    PERSON = "person"
    """Not a chat but one member, by account: `chat_id` is their user id on the platform.
    A target for posts to people (see `person_target`); each adapter resolves it with
    `Adapter.send_to` (Telegram: the private chat; Discord: the DM channel it opens once)."""


class Role(enum.StrEnum):
    MEMBER = "member"
    OFFICER = "officer"


@dataclass(frozen=True, slots=True)
class Identity:
    """A person on one platform. `user_id` is the platform's id as text."""

    platform: str
    user_id: str
    display_name: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "display_name", clean_typed(self.display_name))

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.user_id}"


@dataclass(frozen=True, slots=True)
class ChatRef:
    platform: str
    chat_id: str
    kind: ChatKind

    @property
    def is_private(self) -> bool:
        return self.kind in (ChatKind.PRIVATE, ChatKind.PERSON)

    @property
    def person(self) -> Identity | None:
        """The member a person target addresses; None for a real chat."""
        if self.kind is not ChatKind.PERSON:
            return None
        return Identity(self.platform, self.chat_id, "")


def person_target(person: Identity) -> ChatRef:
    """Address one member privately, by account, never by a guessed chat id."""
    return ChatRef(person.platform, person.user_id, ChatKind.PERSON)


@dataclass(frozen=True, slots=True)
class MessageRef:
    """Where a sent message lives, so that it can be edited later."""

    chat: ChatRef
    message_id: str


# --- incoming -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A person the platform linked to text a member typed: `text` as it appears there
    ("@ann", "<@123>", or the name a Telegram mention shows). Resolved by the adapter from
    the platform's own data or its memory of members it has seen, never from a name."""

    text: str
    person: Identity


@dataclass(frozen=True, slots=True, kw_only=True)
class IncomingEvent:
    """What a member did. Every text a member typed is cleaned as the event is made
    (`bot.typed_text.clean_typed`): this is the one door all input comes through."""

    sender: Identity
    chat: ChatRef
    mentions: tuple[Mention, ...] = ()
    delivery_id: str | None = None
    """The platform's id for the delivery this event came in (Telegram's `update_id`), set
    by adapters whose platform may deliver the same thing again; the core handles each
    delivery id once (`bot.deliveries`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandEvent(IncomingEvent):
    """`/name args...`; `args` is the text after the command name (`clean_typed`)."""

    name: str
    args: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_typed(self.name))
        object.__setattr__(self, "args", clean_typed(self.args))


@dataclass(frozen=True, slots=True, kw_only=True)
class TextEvent(IncomingEvent):
    """Free text, meaningful only inside a conversation (`clean_typed`)."""

    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_typed(self.text))


@dataclass(frozen=True, slots=True, kw_only=True)
class ButtonEvent(IncomingEvent):
    """A press on a choice. `value` came back from the platform: never trust it."""

    value: str
    message: MessageRef | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FormEvent(IncomingEvent):
    """A filled-in form (a Discord modal): field name to text (`clean_typed`)."""

    form_id: str
    fields: dict[str, str]

    def __post_init__(self) -> None:
        cleaned = {name: clean_typed(value) for name, value in self.fields.items()}
        object.__setattr__(self, "fields", cleaned)


@dataclass(frozen=True, slots=True, kw_only=True)
class PollAnswerEvent(IncomingEvent):
    """An answer to a platform-native poll."""

    poll_id: str
    option_ids: tuple[int, ...]


# --- outgoing -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choice:
    """One option offered to the user. `value` is what comes back on a press."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    media_type: str = "application/octet-stream"

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass(frozen=True, slots=True)
class FormField:
    name: str
    label: str
    long: bool = False
    required: bool = True
    max_length: int = 4000
    value: str = ""


@dataclass(frozen=True, slots=True)
class Form:
    """A set of text boxes. Adapters with `forms` show a modal; others ask in turn."""

    form_id: str
    title: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    blocks: tuple[Block, ...]
    choices: tuple[Choice, ...] = ()
    attachment: Attachment | None = None
    form: Form | None = None
    awaiting_text: bool = False
    """Set by the conversation engine when the member is expected to type an answer.

    Adapters that cannot take free text where the prompt is shown (a Discord channel,
    where typing would be public) offer a form for it instead.
    """

    @classmethod
    def text(cls, *paras: str, choices: tuple[Choice, ...] = ()) -> OutgoingMessage:
        """Plain paragraphs; the common case."""
        return cls(blocks=paragraphs(*paras), choices=choices)

    def fitted(self, capabilities: Capabilities) -> OutgoingMessage:
        """This message as an adapter with `capabilities` can take it: an image attachment
        (a chart that only illustrates the text) is left off where images are not shown."""
        attachment = self.attachment
        if attachment is None or capabilities.images or not attachment.is_image:
            return self
        return replace(self, attachment=None)


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What an adapter can do. Features pick fallbacks from these, never by platform."""

    buttons: bool = False
    native_polls: bool = False
    forms: bool = False
    edits: bool = False
    direct_messages: bool = False
    files: bool = False
    images: bool = False
    """Shows an image attachment as a picture (Telegram photo, Discord file): without it,
    an image attachment is left off (`OutgoingMessage.fitted`)."""
    private_replies_in_groups: bool = False
    max_message_length: int = 4096
    max_choices: int = 100
    """The most choices one message can carry (Telegram: 100 inline buttons; Discord: four
    select menus of 25). A feature offering more pages them (see `bot.chat_picker`)."""
    lines_hint: str = ""
    """How to type a message of several lines where Enter sends (the console): prompts that
    ask for paragraphs or one item per line add it ("" where Enter just starts a line)."""
    extra: dict[str, object] = field(default_factory=dict)
