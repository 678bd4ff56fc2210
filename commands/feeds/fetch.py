"""One feed over HTTP: a timeout, and a conditional GET with the stored ETag and
Last-Modified, so an unchanged feed costs a 304 and no parsing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.stores.digest import FeedState

if TYPE_CHECKING:
    import httpx

USER_AGENT = "clpbot (Constituency Labour Party chat bot; consultation feeds)"


class FeedFetchError(Exception):
    """The server answered, but not with a feed (4xx, 5xx)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    unchanged: bool
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    modified: str | None = None


def new_client(timeout_seconds: float) -> httpx.AsyncClient:
    import httpx  # loaded when a feed is first read, not at start-up

    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout_seconds),
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
    )


async def fetch_feed(client: httpx.AsyncClient, url: str, state: FeedState | None) -> Fetched:
    """GET `url`; `unchanged` on a 304. Network failures raise httpx.HTTPError."""
    headers: dict[str, str] = {}
    if state is not None and state.etag:
        headers["If-None-Match"] = state.etag
    if state is not None and state.modified:
        headers["If-Modified-Since"] = state.modified
    response = await client.get(url, headers=headers)
    if response.status_code == 304:  # Not Modified
        return Fetched(unchanged=True)
    if response.status_code >= 400:
        raise FeedFetchError(f"HTTP {response.status_code} {response.reason_phrase}")
    return Fetched(
        unchanged=False,
        content=response.content,
        headers=dict(response.headers),
        etag=response.headers.get("ETag"),
        modified=response.headers.get("Last-Modified"),
    )
