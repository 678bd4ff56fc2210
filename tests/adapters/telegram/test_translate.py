"""Telegram updates to neutral events, callback ids, and who is an officer."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Update
from telegram.error import NetworkError

from adapters.telegram.keyboards import keyboard_for
from adapters.telegram.roles import OfficerRoles
from adapters.telegram.translate import message_event, poll_answer_event
from bot.buttons import Buttons
from bot.model import ChatKind, Choice, CommandEvent, Role, TextEvent
from tests.fakes.telegram_payloads import TgChat, TgUser, command_entities, message_payload
from tests.fakes.virtual_time import VirtualTime

ANN = TgUser(7, "Ann", "Smith")
GROUP = TgChat(-100200, "supergroup", title="Members")


def update(text: str, chat: TgChat = GROUP, **extra: Any) -> Update:
    content = {"text": text, "entities": command_entities(text), **extra}
    message = message_payload(1, chat, ANN, **content)
    parsed = Update.de_json({"update_id": 1, "message": message}, None)
    assert parsed is not None
    return parsed


def test_a_command_with_the_bot_name_and_arguments() -> None:
    message = update("/Help@CLP_test_bot  submit now").message
    assert message is not None
    event = message_event(message, "clp_test_bot")
    assert isinstance(event, CommandEvent)
    assert (event.name, event.args) == ("help", "submit now")
    assert event.chat.kind is ChatKind.GROUP
    assert event.chat.chat_id == "-100200"
    assert (event.sender.platform, event.sender.user_id) == ("telegram", "7")
    assert event.sender.display_name == "Ann Smith"


def test_a_command_without_its_entity_is_still_a_command() -> None:
    message = update("/whoami please", entities=None).message
    assert message is not None
    assert not message.entities
    event = message_event(message, "clp_test_bot")
    assert isinstance(event, CommandEvent)
    assert (event.name, event.args) == ("whoami", "please")
    message = update("/ not a command", entities=None).message
    assert message is not None
    assert isinstance(message_event(message, "clp_test_bot"), TextEvent)


def test_a_command_for_another_bot_is_nothing_for_us() -> None:
    message = update("/help@other_bot").message
    assert message is not None
    assert message_event(message, "clp_test_bot") is None


def test_text_and_a_slash_in_the_middle_are_plain_text() -> None:
    message = update("see the /help command", chat=TgChat(7, "private")).message
    assert message is not None
    event = message_event(message, "clp_test_bot")
    assert isinstance(event, TextEvent)
    assert event.text == "see the /help command"
    assert event.chat.kind is ChatKind.PRIVATE


def test_a_poll_answer_comes_from_the_voters_private_chat() -> None:
    answer = {"poll_id": "p1", "user": ANN.payload(), "option_ids": [0, 2]}
    answer["option_persistent_ids"] = ["p1-0", "p1-2"]
    parsed = Update.de_json({"update_id": 2, "poll_answer": answer}, None)
    assert parsed is not None
    assert parsed.poll_answer is not None
    event = poll_answer_event(parsed.poll_answer)
    assert event is not None
    assert (event.poll_id, event.option_ids, event.chat.chat_id) == ("p1", (0, 2), "7")


async def test_callback_data_is_signed_and_bound_to_its_chat(buttons: Buttons) -> None:
    keyboard = await keyboard_for((Choice("Yes", "vote:1"), Choice("No", "vote:2")), "-5", buttons)
    assert keyboard is not None
    ids = [str(button.callback_data) for row in keyboard.inline_keyboard for button in row]
    assert len(keyboard.inline_keyboard) == 1  # short labels share a row
    assert all(len(i.encode()) <= 64 for i in ids)
    assert await buttons.resolve("telegram", "-5", ids[0]) == "vote:1"
    assert await buttons.resolve("telegram", "-6", ids[0]) is None
    assert await buttons.resolve("discord", "-5", ids[0]) is None
    assert await buttons.resolve("telegram", "-5", "forged") is None


async def test_long_labels_get_a_row_each(buttons: Buttons) -> None:
    choices = (Choice("Build an NHS fit for the future", "a"), Choice("Safer streets", "b"))
    keyboard = await keyboard_for(choices, "1", buttons)
    assert keyboard is not None
    assert [len(row) for row in keyboard.inline_keyboard] == [1, 1]


class Admins:
    def __init__(self, *ids: int) -> None:
        self.ids = set(ids)
        self.asked = 0
        self.down = False

    async def __call__(self, chat_id: int) -> set[int]:
        self.asked += 1
        if self.down:
            raise NetworkError("down")
        return set(self.ids)


@pytest.mark.parametrize(("user", "role"), [(1, Role.OFFICER), (2, Role.OFFICER), (3, Role.MEMBER)])
async def test_officers_by_id_or_as_admins_of_the_officers_chat(user: int, role: Role) -> None:
    roles = OfficerRoles([1], -100, Admins(2), clock=VirtualTime())
    assert await roles.role_of(user) is role


async def test_admins_are_asked_again_after_a_while_and_kept_if_telegram_is_down() -> None:
    time, admins = VirtualTime(), Admins(2)
    roles = OfficerRoles([], -100, admins, ttl=60, clock=time)
    assert await roles.role_of(2) is Role.OFFICER
    assert await roles.role_of(2) is Role.OFFICER
    assert admins.asked == 1
    admins.ids = {3}
    await time.sleep(61)
    assert await roles.role_of(2) is Role.MEMBER  # demoted: noticed within the minute
    admins.down = True
    await time.sleep(61)
    assert await roles.role_of(3) is Role.OFFICER  # the last known list
    assert admins.asked == 3


async def test_without_an_answer_ever_nobody_is_an_officer_by_accident() -> None:
    admins = Admins(2)
    admins.down = True
    roles = OfficerRoles([], -100, admins, clock=VirtualTime())
    assert await roles.role_of(2) is Role.MEMBER
