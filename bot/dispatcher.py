"""Routes every incoming event: commands to their handlers, answers to the member's
conversation, button presses to actions; checks who may do what before anything runs."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence

from bot import conversation
from bot.adapter import Adapter
from bot.commands import Where
from bot.context import Context, Services
from bot.gate import admit, entry, refuse, shows_to_others
from bot.middleware import DEFAULT_MIDDLEWARE, Middleware, Next
from bot.model import (
    ButtonEvent,
    Choice,
    CommandEvent,
    FormEvent,
    IncomingEvent,
    TextEvent,
)
from bot.offers import Offers
from bot.stores.core import CONVERSATIONS
from bot.stores.offices import OFFICES
from bot.typed_choice import quoted_labels, typed_choice

log = logging.getLogger("clpbot.dispatch")

DEEP_LINK = "start"
"""`/start PAYLOAD`: how a link to the private chat (t.me/bot?start=submit) arrives."""


class Dispatcher:
    def __init__(
        self, services: Services, middleware: Sequence[Middleware] = DEFAULT_MIDDLEWARE
    ) -> None:
        self.services = services
        self.buttons = services.buttons
        self.offers = Offers()
        self._chain: Next = self._route
        for mw in reversed(middleware):
            self._chain = _wrap(mw, self._chain)

    async def feed(self, event: IncomingEvent, adapter: Adapter) -> None:
        ctx = Context(event, adapter, self.services)
        await self._chain(ctx)
        self.offers.note(ctx, self.services.registry.actions)

    async def suggest(
        self, event: IncomingEvent, adapter: Adapter, lookup: str, current: str
    ) -> list[Choice]:
        """Autocomplete: the registered suggester's choices for this person, or none."""
        suggester = self.services.registry.suggesters.get(lookup)
        if suggester is None:
            return []
        ctx = Context(event, adapter, self.services)
        try:
            ctx.role = await adapter.role_of(event)
            async with self.services.storage.unit() as uow:
                ctx.uow = uow
                ctx.offices = tuple(await uow.get(OFFICES).offices_of(event.sender))
                return (await suggester(ctx, current))[:25]
        except Exception:
            log.exception("autocomplete %r failed", lookup)
            return []

    async def settled(self, adapter: Adapter) -> None:
        """The outbox delivers what is due now (after a pass already under way) and
        returns; a failure is the outbox's to retry, so it is only logged here."""
        try:
            await self.services.outbox.deliver_pending()
        except Exception:
            log.exception("delivering queued posts for %s failed", adapter.platform)

    async def _route(self, ctx: Context) -> None:
        event = ctx.event
        if isinstance(event, CommandEvent):
            await self._command(ctx, self._followed(event))
        elif isinstance(event, ButtonEvent) and ":" in event.value:
            prefix, _, argument = event.value.partition(":")
            action = self.services.registry.actions.get(prefix)
            if action is None:
                await self._answer(ctx)
            elif await admit(ctx, entry("that button", [action.access], [action.where])):
                await action.handler(ctx, argument)
        elif isinstance(event, TextEvent | ButtonEvent | FormEvent):
            await self._answer(ctx)

    def _followed(self, event: CommandEvent) -> CommandEvent:
        """A deep link `/start TOPIC` naming a command is that command, checked as one."""
        if event.name.lower() != DEEP_LINK:
            return event
        topic, _, rest = event.args.strip().partition(" ")
        topic = topic.lower()
        if topic == DEEP_LINK or topic not in self.services.registry.commands:
            return event
        return dataclasses.replace(event, name=topic, args=rest.strip())

    async def _command(self, ctx: Context, event: CommandEvent) -> None:
        registry = self.services.registry
        found = registry.resolve(event.name.lower(), event.args)
        if found is None:
            await ctx.reply(f"I don't know /{event.name}. Type /help to see the commands.")
            return
        ctx.event = event
        route, ctx.args = found
        spec, top = route.spec, route.parent or route.spec
        name = f"{top.name} {spec.name}" if route.parent else spec.name
        door = entry(f"/{name}", [top.access, spec.access], [top.where, spec.where], top.name)
        if await admit(ctx, door):
            await route.handler(ctx)

    async def _answer(self, ctx: Context) -> None:
        event = ctx.event
        state = await conversation.current(ctx)
        if state is None or state.flow not in self.services.registry.flows:
            if isinstance(event, TextEvent) and ctx.chat.is_private:
                await self._typed_instead_of_pressed(ctx, event)
            elif isinstance(event, ButtonEvent | FormEvent):
                await ctx.reply(NOT_WAITING)
            return  # group chatter that is not for the bot
        flow = self.services.registry.flows[state.flow]
        if state.expires_at <= ctx.now():
            await ctx.uow.get(CONVERSATIONS).delete(state.key)
            again = f" Type /{flow.command} to start again." if flow.command else ""
            await ctx.reply(
                "That conversation timed out, so I closed it; anything already saved is"
                f" still there.{again}"
            )
            return
        if not flow.access.allows(ctx.permissions):
            await ctx.uow.get(CONVERSATIONS).delete(state.key)
            await refuse(ctx, "Sorry, only officers can continue this. I have closed it.")
            return
        if Where.PRIVATE is flow.where and shows_to_others(ctx):
            # never started here by the gate; an answer to it must not be shown to a group
            await ctx.uow.get(CONVERSATIONS).delete(state.key)
            await refuse(ctx, "That conversation is private, so I have closed it here.")
            return
        await conversation.handle(ctx, flow, state, _answer_of(event))

    async def _typed_instead_of_pressed(self, ctx: Context, event: TextEvent) -> None:
        """Text outside a conversation: the press it names among the buttons last offered
        (a lone "I agree" takes a plain "yes"), or which button to press."""
        offered = self.offers.offered(ctx)
        if not offered:
            await ctx.reply(NOT_WAITING)
            return
        value = typed_choice(event.text, offered, yes=True)
        if value is None:
            await ctx.reply(
                f"I read buttons rather than typing here: press {quoted_labels(offered)} above"
                " (or type its name or number). Type /help to see what else I can do."
            )
            ctx.offered = None  # still offered: the buttons above are unchanged
            return
        ctx.event = ButtonEvent(sender=event.sender, chat=event.chat, value=value)
        await self._route(ctx)


NOT_WAITING = "I'm not waiting for an answer from you just now. Type /help to see what I can do."


def _wrap(middleware: Middleware, call_next: Next) -> Next:
    async def run(ctx: Context) -> None:
        await middleware(ctx, call_next)

    return run


def _answer_of(event: IncomingEvent) -> conversation.Answer:
    if isinstance(event, ButtonEvent):
        return conversation.Answer(choice=event.value)
    if isinstance(event, FormEvent):
        # a one-box form (a Discord modal for a typed answer) reads as typed text
        text = next(iter(event.fields.values()), "") if len(event.fields) == 1 else ""
        return conversation.Answer(text=text, fields=dict(event.fields))
    if isinstance(event, TextEvent):
        return conversation.Answer(text=event.text)
    return conversation.Answer()
