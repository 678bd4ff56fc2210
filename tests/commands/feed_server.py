"""A local feed server on 127.0.0.1 for the feed tests: RSS and Atom with ETag and
Last-Modified, 304 answers, a server that never answers (for timeouts), and a record of
what every request asked for."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from html import escape

from aiohttp import web


@dataclass
class Served:
    body: bytes
    content_type: str = "application/rss+xml"
    etag: str | None = None
    last_modified: str | None = None
    hang: bool = False
    """Never answer (until the server stops): the client's timeout must cut it off."""


@dataclass
class FeedServer:
    base: str = ""
    feeds: dict[str, Served] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    full: dict[str, int] = field(default_factory=dict)
    """Path -> how many times the whole feed was sent (not 304)."""
    not_modified: dict[str, int] = field(default_factory=dict)
    started: asyncio.Event = field(default_factory=asyncio.Event)
    _release: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.requests.append((path, dict(request.headers)))
        self.started.set()
        served = self.feeds.get(path)
        if served is None:
            return web.Response(status=404, text="no such feed")
        if served.hang:
            await self._release.wait()
        headers = {}
        if served.etag:
            headers["ETag"] = served.etag
        if served.last_modified:
            headers["Last-Modified"] = served.last_modified
        match_etag = served.etag and request.headers.get("If-None-Match") == served.etag
        match_date = (
            served.last_modified
            and not served.etag
            and request.headers.get("If-Modified-Since") == served.last_modified
        )
        if match_etag or match_date:
            self.not_modified[path] = self.not_modified.get(path, 0) + 1
            return web.Response(status=304, headers=headers)
        self.full[path] = self.full.get(path, 0) + 1
        return web.Response(body=served.body, content_type=served.content_type, headers=headers)


@asynccontextmanager
async def feed_server() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", server.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    server.base = f"http://127.0.0.1:{port}"
    try:
        yield server
    finally:
        server._release.set()
        await runner.cleanup()


def rss(*items: tuple[str, str, str, str], title: str = "Policy Forum") -> bytes:
    """items: (guid, title, link, description as HTML), escaped as a real feed would be."""
    body = "".join(
        "<item>"
        + (f"<guid isPermaLink='false'>{escape(guid)}</guid>" if guid else "")
        + f"<title>{escape(name)}</title><link>{escape(link)}</link>"
        + f"<description>{escape(html)}</description>"
        + "<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate></item>"
        for guid, name, link, html in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://forum.example.org/</link>"
        f"<description>Consultations</description>{body}</channel></rss>"
    ).encode()


def atom(*entries: tuple[str, str, str, str]) -> bytes:
    """entries: (id, title, link, summary as HTML)."""
    body = "".join(
        f"<entry><id>{escape(eid)}</id><title>{escape(name)}</title>"
        f'<link href="{escape(link)}"/><updated>2026-03-01T12:00:00Z</updated>'
        f'<summary type="html">{escape(html)}</summary></entry>'
        for eid, name, link, html in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Policy Forum</title><id>urn:forum</id><updated>2026-03-01T12:00:00Z</updated>"
        f"{body}</feed>"
    ).encode()
