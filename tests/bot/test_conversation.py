"""The conversation engine: steps, choices, retries, back, cancel, expiry, restart."""

from __future__ import annotations

from adapters.fake import FakeAdapter
from bot import conversation
from bot.app import build_router
from bot.commands import CommandSpec
from bot.config import Config
from bot.context import Context
from bot.conversation import Answer, Finish, Flow, FlowContext, Goto, Retry, Step, Transition
from bot.model import Choice, OutgoingMessage
from bot.router import Router
from tests.support import FrozenClock, running_app

ORDER = CommandSpec("order", "Order a cup of tea")


async def ask_drink(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        "Step 1 of 2: tea or coffee?", choices=(Choice("Tea", "tea"), Choice("Coffee", "coffee"))
    )


async def got_drink(f: FlowContext, answer: Answer) -> Transition:
    f.data["drink"] = answer.choice
    return Goto("sugars")


async def ask_sugars(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(f"Step 2 of 2: how many sugars in your {f.data['drink']}?")


async def got_sugars(f: FlowContext, answer: Answer) -> Transition:
    if not answer.text.strip().isdigit():
        return Retry(f"{answer.text!r} is not a number of sugars.")
    return Finish(OutgoingMessage.text(f"One {f.data['drink']}, {answer.text} sugars."))


TEA = Flow(
    "order",
    (
        Step("drink", ask_drink, got_drink, text_allowed=False),
        Step("sugars", ask_sugars, got_sugars),
    ),
    command="order",
)


def tea_router() -> Router:
    router = Router("tea")
    router.flow(TEA)

    @router.command(ORDER)
    async def order(ctx: Context) -> None:
        await conversation.start(ctx, TEA)

    root = build_router()
    root.include(router)
    return root


async def test_a_flow_runs_with_buttons_and_text(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    async with running_app(config, fake, clock=clock, router=tea_router()):
        await fake.command("/order")
        assert fake.pop().labels == ["Tea", "Coffee"]
        await fake.press("Coffee")
        assert "sugars in your coffee" in fake.pop().text
        await fake.say("two")
        retry = fake.pop().text
        assert "'two' is not a number" in retry
        assert "how many sugars" in retry
        await fake.say("2")
        assert fake.pop().text == "One coffee, 2 sugars."


async def test_typed_number_or_label_picks_a_choice_and_other_text_is_refused(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    async with running_app(config, fake, clock=clock, router=tea_router()):
        await fake.command("/order")
        fake.pop()
        await fake.say("lemonade")
        assert "Please choose one of: Tea, Coffee" in fake.pop().text
        await fake.say("1")
        assert "your tea" in fake.pop().text


async def test_stale_button_is_refused(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    async with running_app(config, fake, clock=clock, router=tea_router()):
        await fake.command("/order")
        fake.pop()
        await fake.press("tea")
        fake.pop()
        await fake.press("coffee")  # from the first message, now out of date
        assert "earlier question" in fake.pop().text


async def test_back_and_cancel(config: Config, fake: FakeAdapter, clock: FrozenClock) -> None:
    async with running_app(config, fake, clock=clock, router=tea_router()):
        await fake.command("/order")
        await fake.press("tea")
        fake.pop_all()
        await fake.command("/back")
        assert "tea or coffee" in fake.pop().text
        await fake.command("/back")
        assert "nothing to go back to" in fake.pop().text
        await fake.command("/cancel")
        assert "Stopped /order" in fake.pop().text
        await fake.say("3")
        assert "not waiting for an answer" in fake.pop().text
        await fake.command("/cancel")
        assert "nothing to cancel" in fake.pop().text


async def test_expired_conversation_ends_politely(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    async with running_app(config, fake, clock=clock, router=tea_router()):
        await fake.command("/order")
        fake.pop()
        clock.advance(hours=config.conversations.timeout_hours + 1)
        await fake.press("tea")
        assert "timed out" in (text := fake.pop().text)
        assert "Type /order to start again" in text


async def test_conversation_survives_a_restart_of_the_whole_app(
    config: Config, clock: FrozenClock
) -> None:
    first = FakeAdapter()
    async with running_app(config, first, clock=clock, router=tea_router()):
        await first.command("/order")
        await first.press("coffee")
        assert "sugars in your coffee" in first.pop_all()[-1].text
    second = FakeAdapter()
    async with running_app(config, second, clock=clock, router=tea_router()):
        await second.say("1")
        assert second.pop().text == "One coffee, 1 sugars."


async def test_conversations_are_per_person_and_per_chat(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    async with running_app(config, fake, clock=clock, router=tea_router()):
        await fake.command("/order", user="ann")
        await fake.press("tea", user="ann")
        fake.pop_all()
        await fake.say("2", user="bob")
        assert "not waiting" in fake.pop().text
        await fake.say("2", user="ann")
        assert fake.pop().text == "One tea, 2 sugars."


async def ask_route(f: FlowContext) -> OutgoingMessage:
    routes = ("Buses (north)", "Buses (south)", "Trams (all lines)")
    return OutgoingMessage.text(
        "Which route?", choices=tuple(Choice(r, f"r{i}") for i, r in enumerate(routes))
    )


async def got_route(f: FlowContext, answer: Answer) -> Transition:
    return Finish(OutgoingMessage.text(f"Route {answer.choice}."))


async def test_an_option_named_without_its_aside_only_when_that_is_unambiguous(
    config: Config, fake: FakeAdapter, clock: FrozenClock
) -> None:
    route = Flow("route", (Step("route", ask_route, got_route, text_allowed=False),))
    router = Router("routes")
    router.flow(route)

    @router.command(CommandSpec("route", "Pick a route"))
    async def start(ctx: Context) -> None:
        await conversation.start(ctx, route)

    root = build_router()
    root.include(router)
    async with running_app(config, fake, clock=clock, router=root):
        await fake.command("/route")
        fake.pop()
        await fake.say("buses")  # north or south?
        assert "Please choose one of: Buses (north), Buses (south)" in fake.pop().text
        await fake.say("TRAMS")
        assert fake.pop().text == "Route r2."
