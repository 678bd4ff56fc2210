"""Routers collect command handlers, button actions and conversation flows.

Each feature module exposes one `Router`; the composition root includes them all in a
root router and freezes it into a `Registry` the dispatcher looks things up in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from bot.commands import Access, CommandSpec

if TYPE_CHECKING:
    from bot.context import Context, Services
    from bot.conversation import Flow

K = TypeVar("K")
V = TypeVar("V")
Handler = Callable[["Context"], Awaitable[None]]
ActionHandler = Callable[["Context", str], Awaitable[None]]
Hook = Callable[["Services"], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Action:
    """Handles button values `prefix:argument` outside any conversation."""

    prefix: str
    handler: ActionHandler
    access: Access = Access.MEMBER


@dataclass(frozen=True, slots=True)
class Route:
    spec: CommandSpec
    handler: Handler
    parent: CommandSpec | None = None


class Router:
    def __init__(self, name: str) -> None:
        self.name = name
        self._routes: list[Route] = []
        self._actions: list[Action] = []
        self._flows: list[Flow] = []
        self._children: list[Router] = []
        self._startup: list[Hook] = []
        self._shutdown: list[Hook] = []

    def command(self, spec: CommandSpec) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self._routes.append(Route(spec, handler))
            return handler

        return register

    def subcommand(self, parent: CommandSpec, name: str) -> Callable[[Handler], Handler]:
        spec = parent.subcommand(name)
        if spec is None:
            raise ValueError(f"/{parent.name} declares no subcommand {name!r}")

        def register(handler: Handler) -> Handler:
            self._routes.append(Route(spec, handler, parent))
            return handler

        return register

    def action(
        self, prefix: str, access: Access = Access.MEMBER
    ) -> Callable[[ActionHandler], ActionHandler]:
        def register(handler: ActionHandler) -> ActionHandler:
            self._actions.append(Action(prefix, handler, access))
            return handler

        return register

    def flow(self, flow: Flow) -> Flow:
        self._flows.append(flow)
        return flow

    def on_startup(self, hook: Hook) -> Hook:
        """Run once the adapters are up (start schedulers, rebuild jobs from tables)."""
        self._startup.append(hook)
        return hook

    def on_shutdown(self, hook: Hook) -> Hook:
        self._shutdown.append(hook)
        return hook

    def include(self, *routers: Router) -> None:
        self._children.extend(routers)

    def walk(self) -> Iterator[Router]:
        yield self
        for child in self._children:
            yield from child.walk()

    def freeze(self) -> Registry:
        registry = Registry()
        for router in self.walk():
            for route in router._routes:
                registry.add_route(route)
            for action in router._actions:
                _unique(registry.actions, action.prefix, "button action")[action.prefix] = action
            for flow in router._flows:
                _unique(registry.flows, flow.name, "flow")[flow.name] = flow
            registry.startup.extend(router._startup)
            registry.shutdown.extend(router._shutdown)
        return registry


@dataclass
class Registry:
    commands: dict[str, Route] = field(default_factory=dict)
    subcommands: dict[tuple[str, str], Route] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    startup: list[Hook] = field(default_factory=list)
    shutdown: list[Hook] = field(default_factory=list)

    def add_route(self, route: Route) -> None:
        if route.parent is None:
            _unique(self.commands, route.spec.name, "command")[route.spec.name] = route
        else:
            key = (route.parent.name, route.spec.name)
            _unique(self.subcommands, key, "subcommand")[key] = route

    def specs(self) -> list[CommandSpec]:
        """Every top-level command's declaration, in registration order."""
        return [route.spec for route in self.commands.values()]

    def resolve(self, name: str, args: str) -> tuple[Route, str] | None:
        """The route for `/name args` and the arguments left for it."""
        route = self.commands.get(name)
        if route is None:
            return None
        first, _, rest = args.strip().partition(" ")
        sub = self.subcommands.get((name, first.lower()))
        if sub is not None:
            return sub, rest.strip()
        return route, args.strip()


def _unique(table: dict[K, V], key: K, what: str) -> dict[K, V]:
    if key in table:
        raise ValueError(f"{what} {key!r} is registered twice")
    return table
