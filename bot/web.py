"""What the bot serves over HTTP, declared as data: features register `WebRoute`s on their
router, and a `WebServer` (adapters/web: Starlette served by uvicorn) serves them.

The core never sees the web framework: a handler gets a `WebRequest` and returns a
`WebResponse`. A handler reads what it needs in a short unit of its own and closes it
before returning, so no database connection is held while the response is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING, Protocol
from urllib.parse import parse_qsl

from bot.config import Config

if TYPE_CHECKING:
    from bot.context import Services


MAX_FORM_BYTES = 64 * 1024
"""A posted form larger than this is refused (413) before it is read whole."""


@dataclass(frozen=True, slots=True)
class WebRequest:
    method: str
    """GET, HEAD (answered like GET, without the body) or POST (a route that allows it)."""
    path: str
    headers: Mapping[str, str]
    """Lower-case names."""
    params: Mapping[str, str] = field(default_factory=dict)
    """The path's {name} parts (a route's path like "/events/{event_id:int}")."""
    query: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    """A POST's body, at most the route's `max_body` (larger: 413, never read whole)."""

    def cookie(self, name: str) -> str | None:
        try:
            jar = SimpleCookie(self.headers.get("cookie", ""))
        except CookieError:
            return None
        morsel = jar.get(name)
        return morsel.value if morsel is not None else None

    def form(self) -> dict[str, str]:
        """A posted application/x-www-form-urlencoded form (the only kind the pages send);
        a field given twice keeps its first value."""
        fields: dict[str, str] = {}
        try:
            pairs = parse_qsl(self.body.decode("utf-8", "replace"), max_num_fields=50)
        except ValueError:  # more fields than any of our forms has: none of ours
            return fields
        for name, value in pairs:
            fields.setdefault(name, value)
        return fields


@dataclass(frozen=True, slots=True)
class WebResponse:
    status: int
    body: bytes = b""
    media_type: str = "text/plain; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, text: str, status: int = 200) -> WebResponse:
        return cls(status, text.encode())

    @classmethod
    def redirect(cls, location: str, headers: Mapping[str, str] | None = None) -> WebResponse:
        """303 See Other: after a POST, the browser GETs `location`."""
        return cls(303, headers={"Location": location, **(headers or {})})


WebHandler = Callable[["Services", WebRequest], Awaitable[WebResponse]]


@dataclass(frozen=True, slots=True)
class WebRoute:
    path: str | Callable[[Config], str]
    """The path, or how to read it from the config (a path the officers choose)."""
    handler: WebHandler
    name: str
    methods: tuple[str, ...] = ("GET",)
    """GET also answers HEAD."""
    max_body: int = MAX_FORM_BYTES
    """The largest POST body this route reads, in bytes."""

    def path_in(self, config: Config) -> str:
        return self.path if isinstance(self.path, str) else self.path(config)


class WebServer(Protocol):
    async def start(self, routes: list[WebRoute], services: Services) -> None:
        """Listening (the port bound) when this returns; a port that cannot be bound is a
        `StartError`."""
        ...

    async def stop(self) -> None:
        """Stop accepting, finish the requests in progress, close the port."""
        ...


def conditional(
    request: WebRequest, body: bytes, media_type: str, last_modified: datetime | None
) -> WebResponse:
    """`body` with an ETag (its digest) and Last-Modified, or 304 Not Modified when the
    client already holds it. If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2)."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if last_modified is not None:
        last_modified = last_modified.astimezone(UTC).replace(microsecond=0)
        headers["Last-Modified"] = format_datetime(last_modified, usegmt=True)
    matches = request.headers.get("if-none-match")
    if matches is not None:
        fresh = _etag_listed(etag, matches)
    else:
        since = _http_date(request)
        fresh = last_modified is not None and since is not None and last_modified <= since
    if fresh:
        return WebResponse(304, media_type=media_type, headers=headers)
    return WebResponse(200, body, media_type, headers)


def _etag_listed(etag: str, header: str) -> bool:
    listed = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in listed or etag in listed


def _http_date(request: WebRequest) -> datetime | None:
    try:
        since = parsedate_to_datetime(request.headers.get("if-modified-since", ""))
    except (TypeError, ValueError):
        return None
    return since if since.tzinfo is not None else since.replace(tzinfo=UTC)


async def health(services: Services, request: WebRequest) -> WebResponse:
    """200 "ok" when the database answers, 503 when it does not (for the supervisor)."""
    try:
        await services.storage.ping()
    except Exception:
        return WebResponse.text("the database does not answer", 503)
    return WebResponse.text("ok")


HEALTH = WebRoute("/healthz", health, "health")
