"""Routes every incoming event: commands to their handlers, answers to the member's
conversation, button presses to actions; checks who may do what before anything runs."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot import conversation
from bot.adapter import Adapter
from bot.commands import Access, Where
from bot.context import Context, Services
from bot.middleware import DEFAULT_MIDDLEWARE, Middleware, Next
from bot.model import (
    ButtonEvent,
    Choice,
    CommandEvent,
    FormEvent,
    IncomingEvent,
    TextEvent,
)
from bot.stores.core import CONVERSATIONS

log = logging.getLogger("clpbot.dispatch")

OFFICERS_ONLY = "Sorry, /{name} is for officers only. Type /help to see what you can do."


class Dispatcher:
    def __init__(
        self, services: Services, middleware: Sequence[Middleware] = DEFAULT_MIDDLEWARE
    ) -> None:
        self.services = services
        self._chain: Next = self._route
        for mw in reversed(middleware):
            self._chain = _wrap(mw, self._chain)

    async def feed(self, event: IncomingEvent, adapter: Adapter) -> None:
        await self._chain(Context(event, adapter, self.services))

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
            await self._command(ctx, event)
        elif isinstance(event, ButtonEvent) and ":" in event.value:
            prefix, _, argument = event.value.partition(":")
            action = self.services.registry.actions.get(prefix)
            if action is None:
                await self._answer(ctx)
            elif not action.access.allows(ctx.role):
                await ctx.reply("Sorry, that button is for officers only.")
            else:
                await action.handler(ctx, argument)
        elif isinstance(event, TextEvent | ButtonEvent | FormEvent):
            await self._answer(ctx)

    async def _command(self, ctx: Context, event: CommandEvent) -> None:
        registry = self.services.registry
        found = registry.resolve(event.name.lower(), event.args)
        if found is None:
            await ctx.reply(f"I don't know /{event.name}. Type /help to see the commands.")
            return
        route, ctx.args = found
        spec, top = route.spec, route.parent or route.spec
        for needed in (top.access, spec.access):
            if not needed.allows(ctx.role):
                name = f"{top.name} {spec.name}" if route.parent else spec.name
                await ctx.reply(OFFICERS_ONLY.format(name=name))
                return
        private = Where.PRIVATE in (top.where, spec.where)
        if (
            private
            and not ctx.chat.is_private
            and not ctx.adapter.capabilities.private_replies_in_groups
        ):
            await self._invite_to_private(ctx, top.name)
            return
        await route.handler(ctx)

    async def _invite_to_private(self, ctx: Context, command: str) -> None:
        link = ctx.adapter.private_link(command)
        where = (
            f"Open a private chat with me to continue: {link}"
            if link
            else ("Please send me the command in a private chat.")
        )
        await ctx.reply(f"/{command} is done in private, so nobody else sees your work. {where}")

    async def _answer(self, ctx: Context) -> None:
        event = ctx.event
        state = await conversation.current(ctx)
        if state is None or state.flow not in self.services.registry.flows:
            if ctx.chat.is_private or isinstance(event, ButtonEvent | FormEvent):
                await ctx.reply(
                    "I'm not waiting for an answer from you just now. Type /help to see what"
                    " I can do."
                )
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
        if flow.access is Access.OFFICER and not ctx.is_officer:
            await ctx.uow.get(CONVERSATIONS).delete(state.key)
            await ctx.reply("Sorry, only officers can continue this. I have closed it.")
            return
        await conversation.handle(ctx, flow, state, _answer_of(event))


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
