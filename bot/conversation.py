"""Multi-step conversations declared as named steps (the aiogram FSM / PTB
ConversationHandler model), with their state in the database after every step.

A `Flow` is a tuple of `Step`s. A step says what to ask (`prompt`) and what to do with
the answer (`receive`), which returns a transition: `Goto` another step, `Retry` with a
reason (nothing is lost, the question is asked again), or `Finish`. The member can always
type /back or /cancel; a flow left untouched past its timeout ends politely.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from bot.commands import Access, Where
from bot.context import Context
from bot.model import Choice, OutgoingMessage
from bot.richtext import p
from bot.stores.core import CONVERSATIONS, ConversationKey, ConversationState
from bot.typed_choice import typed_choice

BACK = "@back"
SKIP = "@skip"


@dataclass(frozen=True, slots=True)
class Answer:
    """What the member gave: typed text, a pressed (or typed) choice, or a filled form."""

    text: str = ""
    choice: str | None = None
    fields: dict[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Goto:
    step: str


@dataclass(frozen=True, slots=True)
class Retry:
    reason: str


@dataclass(frozen=True, slots=True)
class Finish:
    message: OutgoingMessage | None = None


Transition = Goto | Retry | Finish


class FlowContext:
    """The handler context plus this conversation's saved fields."""

    def __init__(self, ctx: Context, state: ConversationState) -> None:
        self.ctx = ctx
        self.state = state

    @property
    def data(self) -> dict[str, Any]:
        return self.state.data


Prompt = Callable[[FlowContext], Awaitable[OutgoingMessage]]
Receive = Callable[[FlowContext, Answer], Awaitable[Transition]]


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    prompt: Prompt
    receive: Receive
    text_allowed: bool = True
    """When the prompt offers choices, may the member type something else instead?"""
    numeric: bool = False
    """The answer is a number: a typed "1" is the number one, not the first choice."""


@dataclass(frozen=True, slots=True)
class Flow:
    name: str
    steps: tuple[Step, ...]
    access: Access = Access.MEMBER
    where: Where = Where.ANY
    """Private: its answers are never taken in a group others read (see bot.gate)."""
    command: str | None = None
    """The command that starts this flow ("event add"), named when it times out."""
    timeout: timedelta | None = None
    """None: `[conversations] timeout_hours` from config."""
    _index: dict[str, Step] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {s.name: s for s in self.steps})

    def step(self, name: str) -> Step:
        return self._index[name]

    def has_step(self, name: str) -> bool:
        return name in self._index


def key_for(ctx: Context) -> ConversationKey:
    return ConversationKey(ctx.sender.platform, ctx.chat.chat_id, ctx.sender.user_id)


async def start(
    ctx: Context,
    flow: Flow,
    data: dict[str, Any] | None = None,
    step: str | None = None,
    history: list[str] | None = None,
) -> None:
    """Begin `flow` for the sender in this chat, replacing any unfinished one.

    `history`: the steps /back returns through, when resuming part-way through a flow.
    """
    state = ConversationState(
        key=key_for(ctx),
        flow=flow.name,
        step=step or flow.steps[0].name,
        expires_at=ctx.now() + _timeout(ctx, flow),
        data=dict(data or {}),
        history=list(history or []),
    )
    await _ask(ctx, flow, state)


async def current(ctx: Context) -> ConversationState | None:
    return await ctx.uow.get(CONVERSATIONS).load(key_for(ctx))


async def handle(ctx: Context, flow: Flow, state: ConversationState, answer: Answer) -> None:
    """Feed one answer to the step the member is on."""
    if answer.choice == BACK:
        await back(ctx, flow, state)
        return
    step = flow.step(state.step)
    checked = _check_against_offer(state, step, answer)
    if isinstance(checked, Retry):
        await _retry(ctx, flow, state, checked.reason)
        return
    if checked.choice == BACK:  # "« Back" typed by its number or label
        await back(ctx, flow, state)
        return
    transition = await step.receive(FlowContext(ctx, state), checked)
    if isinstance(transition, Goto):
        state.history.append(state.step)
        state.step = transition.step
        await _ask(ctx, flow, state)
    elif isinstance(transition, Retry):
        await _save(ctx, flow, state)  # the step may have kept part of the answer
        await _retry(ctx, flow, state, transition.reason)
    else:
        await ctx.uow.get(CONVERSATIONS).finish(state)
        if transition.message is not None:
            await ctx.reply(transition.message)


async def back(ctx: Context, flow: Flow, state: ConversationState) -> None:
    if not state.history:
        await _retry(ctx, flow, state, "This is the first step: there is nothing to go back to.")
        return
    state.step = state.history.pop()
    await _ask(ctx, flow, state)


async def cancel(ctx: Context) -> ConversationState | None:
    """End the sender's conversation here, if any; returns what was ended."""
    store = ctx.uow.get(CONVERSATIONS)
    state = await store.load(key_for(ctx))
    if state is not None:
        await store.delete(state.key)
    return state


def _check_against_offer(state: ConversationState, step: Step, answer: Answer) -> Answer | Retry:
    """Turn typed numbers or labels into choices; refuse buttons from old messages."""
    offered = state.offered
    if answer.fields is not None and not offered:
        return answer  # a form at a step without choices; with choices it reads as typing
    values = [value for _, value in offered]
    if answer.choice is not None:
        if answer.choice in values:
            return answer
        return Retry("That button belongs to an earlier question. Please answer this one:")
    if not offered:
        return answer
    typed = answer.text.strip()
    # a plain "yes" takes a lone button only where nothing else may be typed
    named = typed_choice(typed, offered, numbers=not step.numeric, yes=not step.text_allowed)
    if named is not None:
        return Answer(text=typed, choice=named)
    if step.text_allowed:
        return answer
    labels = ", ".join(label for label, _ in offered)
    return Retry(f"Please choose one of: {labels}.")


async def _ask(ctx: Context, flow: Flow, state: ConversationState) -> None:
    prompt = await _prompt(ctx, flow, state)
    await _save(ctx, flow, state)
    await ctx.reply(prompt)


async def _retry(ctx: Context, flow: Flow, state: ConversationState, reason: str) -> None:
    prompt = await _prompt(ctx, flow, state)
    await ctx.reply(replace(prompt, blocks=(p(reason), *prompt.blocks)))


async def _prompt(ctx: Context, flow: Flow, state: ConversationState) -> OutgoingMessage:
    step = flow.step(state.step)
    prompt = await step.prompt(FlowContext(ctx, state))
    state.offered = [(c.label, c.value) for c in prompt.choices]
    return replace(prompt, awaiting_text=step.text_allowed)


async def _save(ctx: Context, flow: Flow, state: ConversationState) -> None:
    """Stored with the step's other writes; the prompt goes out once they have committed,
    so an answer is never lost to a crash after the reply."""
    state.expires_at = ctx.now() + _timeout(ctx, flow)
    await ctx.uow.get(CONVERSATIONS).save(state)


def _timeout(ctx: Context, flow: Flow) -> timedelta:
    return flow.timeout or timedelta(hours=ctx.config.conversations.timeout_hours)


def back_choice() -> Choice:
    return Choice("« Back", BACK)


def skip_choice(label: str = "Skip") -> Choice:
    return Choice(label, SKIP)
