"""Telegram updates to neutral events. Nothing here sends anything.

A message whose first entity is a `bot_command` at offset 0 is a command (`/name@bot args`;
a command addressed to another bot is not for us); other text, or a caption, is free text.
Button presses are resolved by the adapter (the callback data is an opaque id) and built
here with `button_event`.
"""

from __future__ import annotations

import re

from telegram import CallbackQuery, Chat, Message, MessageEntity, PollAnswer, Update, User

from bot.model import (
    ButtonEvent,
    ChatKind,
    ChatRef,
    CommandEvent,
    Identity,
    IncomingEvent,
    MessageRef,
    PollAnswerEvent,
    TextEvent,
)

PLATFORM = "telegram"
_UNMARKED_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{1,64})?(?=\s|$)")

_KINDS = {
    Chat.PRIVATE: ChatKind.PRIVATE,
    Chat.GROUP: ChatKind.GROUP,
    Chat.SUPERGROUP: ChatKind.GROUP,
    Chat.CHANNEL: ChatKind.CHANNEL,
}


def chat_ref(chat: Chat) -> ChatRef:
    return ChatRef(PLATFORM, str(chat.id), _KINDS.get(chat.type, ChatKind.GROUP))


def private_chat_of(user: User) -> ChatRef:
    """A person's private chat with the bot has the person's id."""
    return ChatRef(PLATFORM, str(user.id), ChatKind.PRIVATE)


def identity(user: User) -> Identity:
    name = " ".join(part for part in (user.first_name, user.last_name) if part)
    return Identity(PLATFORM, str(user.id), name or user.username or str(user.id))


def message_ref(message: Message) -> MessageRef:
    return MessageRef(chat_ref(message.chat), str(message.message_id))


def message_event(
    message: Message, bot_username: str, delivery_id: str | None = None
) -> IncomingEvent | None:
    """The event for a new message, or None when it is nothing for the bot. `delivery_id`
    is the update's id, so that a redelivered update is handled once."""
    user = message.from_user
    if user is None or user.is_bot:
        return None
    sender, chat = identity(user), chat_ref(message.chat)
    if message.text is not None:
        command = parse_command(message, bot_username)
        if command is not None:
            name, args = command
            if not name:
                return None  # addressed to another bot in a group
            return CommandEvent(
                sender=sender, chat=chat, name=name, args=args, delivery_id=delivery_id
            )
        return TextEvent(sender=sender, chat=chat, text=message.text, delivery_id=delivery_id)
    if message.caption:
        return TextEvent(sender=sender, chat=chat, text=message.caption, delivery_id=delivery_id)
    return None


def parse_command(message: Message, bot_username: str) -> tuple[str, str] | None:
    """`(name, args)` for a command; `("", "")` for one addressed to another bot.

    Telegram marks a command with a `bot_command` entity at offset 0; a client or Bot API
    server that leaves the entity out still gets `/name` read as a command.
    """
    text = message.text or ""
    entity = next(iter(message.entities), None)
    if entity is not None and entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
        word = _entity_text(text, entity)
    elif (match := _UNMARKED_COMMAND.match(text)) is not None:
        word = match.group(0)
    else:
        return None
    name, _, addressee = word.removeprefix("/").partition("@")
    if addressee and addressee.casefold() != bot_username.casefold():
        return ("", "")
    return name.lower(), text[len(word) :].strip()


def _entity_text(text: str, entity: MessageEntity) -> str:
    """The entity's text. Telegram counts in UTF-16 units; PTB's own `parse_entity` raises
    on a lone surrogate anywhere in the message, so this one lets it pass (the core makes
    it U+FFFD when the event is built)."""
    units = text.encode("utf-16-le", "surrogatepass")
    part = units[entity.offset * 2 : (entity.offset + entity.length) * 2]
    return part.decode("utf-16-le", "surrogatepass")


def unreadable_private_message(update: Update) -> ChatRef | None:
    """A private message the bot cannot read (a sticker, a photo without words)."""
    message = update.message
    if message is None or message.chat.type != Chat.PRIVATE or message.from_user is None:
        return None
    if message.text is not None or message.caption:
        return None
    return chat_ref(message.chat)


def button_event(query: CallbackQuery, value: str, delivery_id: str | None = None) -> ButtonEvent:
    message = query.message
    chat = chat_ref(message.chat) if message is not None else private_chat_of(query.from_user)
    ref = MessageRef(chat, str(message.message_id)) if message is not None else None
    sender = identity(query.from_user)
    return ButtonEvent(sender=sender, chat=chat, value=value, message=ref, delivery_id=delivery_id)


def poll_answer_event(answer: PollAnswer, delivery_id: str | None = None) -> PollAnswerEvent | None:
    """An answer to a native poll; Telegram says who only for non-anonymous polls."""
    if answer.user is None:
        return None
    return PollAnswerEvent(
        sender=identity(answer.user),
        chat=private_chat_of(answer.user),
        poll_id=answer.poll_id,
        option_ids=tuple(answer.option_ids),
        delivery_id=delivery_id,
    )
