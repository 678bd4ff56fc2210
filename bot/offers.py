"""The buttons last offered to each member outside any conversation, so that an answer
typed instead of pressed is understood: "yes" or "I agree" under the code of conduct's one
button is that press; anything else is told which button to press (never "I'm not
waiting for an answer").

Only button actions (`prefix:argument` values of registered actions) are kept: a
conversation's own choices are read by the conversation engine from its stored state.
This is a convenience held in memory (bounded); after a restart a typed answer gets the
plain "press a button or type /help" instead.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection

from bot.context import Context
from bot.model import Choice
from bot.typed_choice import Offered

REMEMBERED = 10_000


def key_of(ctx: Context) -> str:
    return f"{ctx.sender.platform}\x00{ctx.chat.chat_id}\x00{ctx.sender.user_id}"


class Offers:
    def __init__(self) -> None:
        self._offers: OrderedDict[str, tuple[tuple[str, str], ...]] = OrderedDict()

    def note(self, ctx: Context, actions: Collection[str]) -> None:
        """After an event: its last reply's action buttons replace what was offered
        before (a reply without any clears it); no reply leaves it as it was."""
        if ctx.offered is None:
            return
        key = key_of(ctx)
        self._offers.pop(key, None)
        kept = tuple((c.label, c.value) for c in ctx.offered if _is_action(c, actions) and c.label)
        if kept:
            self._offers[key] = kept
            while len(self._offers) > REMEMBERED:
                self._offers.popitem(last=False)

    def offered(self, ctx: Context) -> Offered:
        return self._offers.get(key_of(ctx), ())


def _is_action(choice: Choice, actions: Collection[str]) -> bool:
    prefix, colon, _ = choice.value.partition(":")
    return bool(colon) and prefix in actions
