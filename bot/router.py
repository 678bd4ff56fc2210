"""Routers collect command handlers, button actions and conversation flows.

Each feature module exposes one `Router`; the composition root includes them all in a
root router and freezes it into a `Registry` the dispatcher looks things up in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from bot.commands import Access, CommandSpec, Where
from bot.model import Choice

if TYPE_CHECKING:
    from bot.context import Context, Services
    from bot.conversation import Flow
    from bot.digest import DigestProvider
    from bot.privacy import PersonalData
    from bot.scheduling.scheduler import JobContext
    from bot.web import WebRoute

K = TypeVar("K")
V = TypeVar("V")
Handler = Callable[["Context"], Awaitable[None]]
ActionHandler = Callable[["Context", str], Awaitable[None]]
Hook = Callable[["Services"], Awaitable[None]]
JobHandler = Callable[["JobContext"], Awaitable[None]]
Suggester = Callable[["Context", str], Awaitable[list["Choice"]]]


@dataclass(frozen=True, slots=True)
class Action:
    """Handles button values `prefix:argument` outside any conversation. Who may press it
    and where are checked by the dispatcher, as for commands."""

    prefix: str
    handler: ActionHandler
    access: Access = Access.MEMBER
    where: Where = Where.ANY


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
        self._jobs: dict[str, JobHandler] = {}
        self._run_late: set[str] = set()
        self._digest_sections: list[DigestProvider] = []
        self._personal_data: list[PersonalData] = []
        self._suggesters: dict[str, Suggester] = {}
        self._web_routes: list[WebRoute] = []

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
        self, prefix: str, access: Access = Access.MEMBER, where: Where = Where.ANY
    ) -> Callable[[ActionHandler], ActionHandler]:
        def register(handler: ActionHandler) -> ActionHandler:
            self._actions.append(Action(prefix, handler, access, where))
            return handler

        return register

    def flow(self, flow: Flow) -> Flow:
        self._flows.append(flow)
        return flow

    def job(self, kind: str, *, run_late: bool = False) -> Callable[[JobHandler], JobHandler]:
        """Handle scheduled jobs of `kind` (rows in the schedule table; see bot.scheduling).

        A job due while the bot was down runs at start within `[scheduler] grace_minutes`;
        later than that a post is reported to the officers instead of sent. `run_late=True`
        is for work that must still happen however late (closing a poll, housekeeping).
        """

        def register(handler: JobHandler) -> JobHandler:
            self._jobs[kind] = handler
            if run_late:
                self._run_late.add(kind)
            return handler

        return register

    def autocomplete(self, lookup: str) -> Callable[[Suggester], Suggester]:
        """Offer values for arguments declared with `ArgSpec(autocomplete=lookup)`.

        The suggester gets the context (who is asking, their role) and what has been typed
        so far, and returns at most 25 choices that person may see.
        """

        def register(suggester: Suggester) -> Suggester:
            self._suggesters[lookup] = suggester
            return suggester

        return register

    def digest_section(self, provider: DigestProvider) -> DigestProvider:
        """Contribute a section to the weekly digest (see bot.digest)."""
        self._digest_sections.append(provider)
        return provider

    def personal_data(self, provider: PersonalData) -> PersonalData:
        """Declare what this feature holds about members (see bot.privacy)."""
        self._personal_data.append(provider)
        return provider

    def web(self, route: WebRoute) -> WebRoute:
        """Serve `route` on the bot's web server (when `[web]` is enabled; see bot.web)."""
        self._web_routes.append(route)
        return route

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
            for kind, handler in router._jobs.items():
                _unique(registry.jobs, kind, "job kind")[kind] = handler
            registry.run_late |= router._run_late
            for lookup, suggester in router._suggesters.items():
                _unique(registry.suggesters, lookup, "autocomplete lookup")[lookup] = suggester
            registry.digest_sections.extend(router._digest_sections)
            for data in router._personal_data:
                if any(known.name == data.name for known in registry.personal_data):
                    raise ValueError(f"personal data {data.name!r} is registered twice")
                registry.personal_data.append(data)
            for page in router._web_routes:
                _unique(registry.web_routes, page.name, "web route")[page.name] = page
            registry.startup.extend(router._startup)
            registry.shutdown.extend(router._shutdown)
        registry.route_defaults()
        return registry


@dataclass
class Registry:
    commands: dict[str, Route] = field(default_factory=dict)
    subcommands: dict[tuple[str, str], Route] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    jobs: dict[str, JobHandler] = field(default_factory=dict)
    run_late: set[str] = field(default_factory=set)
    digest_sections: list[DigestProvider] = field(default_factory=list)
    personal_data: list[PersonalData] = field(default_factory=list)
    suggesters: dict[str, Suggester] = field(default_factory=dict)
    web_routes: dict[str, WebRoute] = field(default_factory=dict)
    startup: list[Hook] = field(default_factory=list)
    shutdown: list[Hook] = field(default_factory=list)

    def add_route(self, route: Route) -> None:
        if route.parent is None:
            _unique(self.commands, route.spec.name, "command")[route.spec.name] = route
        else:
            key = (route.parent.name, route.spec.name)
            _unique(self.subcommands, key, "subcommand")[key] = route

    def route_defaults(self) -> None:
        """A declared default subcommand with no handler of its own runs the bare
        command's handler (see `CommandSpec.default`)."""
        for route in list(self.commands.values()):
            default = route.spec.subcommand(route.spec.default) if route.spec.default else None
            if default is not None and (route.spec.name, default.name) not in self.subcommands:
                self.add_route(Route(default, route.handler, route.spec))

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
