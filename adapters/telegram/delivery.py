"""Sending and editing neutral messages through the Bot: HTML chunks, the keyboard on the
last chunk, an attachment as a document (an image as a photo). Telegram errors become
`DeliveryError`s, marked permanent when sending the same thing again cannot help (blocked,
chat gone, bad request).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from adapters.telegram.keyboards import keyboard_for
from adapters.telegram.render import render_chunks
from bot.adapter import DeliveryError
from bot.buttons import Buttons
from bot.model import OutgoingMessage

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
ANSWER_HINT = "Type your answer"
REPLY_HINT = "Reply to this message to type your answer, or press a button above."


class Delivery:
    def __init__(self, bot: Bot, buttons: Buttons) -> None:
        self.bot = bot
        self.buttons = buttons

    async def send(
        self, chat_id: str, message: OutgoingMessage, *, reply_to: int | None = None
    ) -> str:
        """Send `message` to `chat_id`; returns the id of the message holding the buttons.

        `reply_to` (a group message the bot answers) threads the answer under it. In a
        group, a question that wants a typed answer asks for a reply: with privacy mode on,
        replies to the bot reach it and other group messages do not.
        """
        primary = ""
        async for message_id, _last, is_primary in self.send_parts(
            chat_id, message, reply_to=reply_to
        ):
            primary = message_id if is_primary else primary
        return primary

    async def send_parts(
        self,
        chat_id: str,
        message: OutgoingMessage,
        *,
        reply_to: int | None = None,
        skip: int = 0,
    ) -> AsyncIterator[tuple[str, bool, bool]]:
        """Each Telegram message of `message` once sent, after the first `skip`: its id,
        whether it is the last, and whether it holds the buttons (the post's ref)."""
        chunks = [c for c in render_chunks(message.blocks) if c.strip()]
        markup = await self._markup(chat_id, message, reply_to)
        thread = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        parts: list[tuple[Callable[[], Awaitable[Message]], bool]] = []
        for number, chunk in enumerate(chunks, start=1):
            final = number == len(chunks)

            def text(
                chunk: str = chunk, final: bool = final, first: bool = number == 1
            ) -> Awaitable[Message]:
                return self.bot.send_message(
                    chat_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup if final else None,
                    link_preview_options=NO_PREVIEW,
                    reply_parameters=thread if first else None,
                )

            parts.append((text, final))
        if message.attachment is not None:
            attachment, alone = message.attachment, not chunks

            def document() -> Awaitable[Message]:
                file = InputFile(attachment.content, filename=attachment.filename)
                send = self.bot.send_photo if attachment.is_image else self.bot.send_document
                return send(
                    chat_id,
                    file,
                    reply_markup=markup if alone else None,
                    reply_parameters=thread if alone else None,
                )

            parts.append((document, alone))
        if not parts:  # nothing to say at all: still answer, never stay silent
            parts.append((lambda: self.bot.send_message(chat_id, "…", reply_markup=markup), True))
        if _wants_reply(chat_id, message) and message.choices:

            def reply_box() -> Awaitable[Message]:
                # a message holds buttons or a reply box, not both: ask for the reply apart
                return self.bot.send_message(
                    chat_id,
                    REPLY_HINT,
                    reply_markup=ForceReply(
                        selective=reply_to is not None, input_field_placeholder=ANSWER_HINT
                    ),
                    reply_parameters=thread,
                )

            parts.append((reply_box, False))
        for number, (send, primary) in enumerate(parts):
            if number < skip:
                continue
            async with _as_delivery_error(chat_id):
                sent = await send()
            yield str(sent.message_id), number == len(parts) - 1, primary

    async def _markup(
        self, chat_id: str, message: OutgoingMessage, reply_to: int | None
    ) -> InlineKeyboardMarkup | ForceReply | None:
        if message.choices:
            return await keyboard_for(message.choices, chat_id, self.buttons)
        if _wants_reply(chat_id, message):
            # selective: only the member being answered gets the reply box
            return ForceReply(selective=reply_to is not None, input_field_placeholder=ANSWER_HINT)
        return None

    async def edit(self, chat_id: str, message_id: str, message: OutgoingMessage) -> None:
        first, *rest = render_chunks(message.blocks)
        keyboard = await keyboard_for(message.choices, chat_id, self.buttons)
        async with _as_delivery_error(chat_id):
            try:
                await self.bot.edit_message_text(
                    first or "…",
                    chat_id=chat_id,
                    message_id=int(message_id),
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard,
                    link_preview_options=NO_PREVIEW,
                )
            except BadRequest as exc:
                if "not modified" not in exc.message.lower():
                    raise
            for chunk in rest:  # an edit cannot grow into two messages: the rest is new
                await self.bot.send_message(
                    chat_id, chunk, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                )


def _wants_reply(chat_id: str, message: OutgoingMessage) -> bool:
    """A typed answer asked for in a group: with privacy mode on, only a reply to the bot
    reaches it."""
    return message.awaiting_text and chat_id.startswith("-")


@asynccontextmanager
async def _as_delivery_error(chat_id: str) -> AsyncIterator[None]:
    try:
        yield
    except (Forbidden, BadRequest, ChatMigrated) as exc:
        raise DeliveryError(f"telegram chat {chat_id}: {exc.message}", permanent=True) from exc
    except TelegramError as exc:
        raise DeliveryError(f"telegram chat {chat_id}: {exc.message}") from exc
