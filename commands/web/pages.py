"""Rendering pages: Jinja2 templates with autoescape on (every value members typed is
escaped by the engine, never by hand), and the headers every page carries.

No page runs JavaScript or loads anything from elsewhere: the Content-Security-Policy
allows only our own stylesheet and images and forms posted back to us, and no framing.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Config
from bot.web import WebRequest, WebResponse, WebRoute

if TYPE_CHECKING:
    from jinja2 import Environment

HERE = Path(__file__).parent
HTML = "text/html; charset=utf-8"
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # not "no-referrer": Chromium then posts Origin: null
    "X-Frame-Options": "DENY",
}
STYLESHEET = "/static/site.css"


@cache
def environment() -> Environment:
    """Loaded with the first page served, not at start-up."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def secured(response: WebResponse, private: bool = False) -> WebResponse:
    """`response` with the security headers; a `private` one (the desk) is never cached."""
    headers = {**SECURITY_HEADERS, **response.headers}
    if private:
        headers["Cache-Control"] = "no-store"
    return WebResponse(response.status, response.body, response.media_type, headers)


def page(
    config: Config,
    template: str,
    status: int = 200,
    *,
    private: bool = False,
    headers: Mapping[str, str] | None = None,
    **values: Any,
) -> WebResponse:
    body = (
        environment()
        .get_template(template)
        .render(stylesheet=STYLESHEET, clp=config.clp.name, **values)
    )
    return secured(WebResponse(status, body.encode(), HTML, dict(headers or {})), private)


def problem(
    config: Config, status: int, title: str, text: str, *, private: bool = False
) -> WebResponse:
    """A page that says what went wrong and what to do instead."""
    return page(config, "problem.html", status, private=private, title=title, text=text)


async def stylesheet(services: object, request: WebRequest) -> WebResponse:
    css = (HERE / "static" / "site.css").read_bytes()
    headers = {"Cache-Control": "public, max-age=3600"}
    return secured(WebResponse(200, css, "text/css; charset=utf-8", headers))


STYLESHEET_ROUTE = WebRoute(STYLESHEET, stylesheet, "stylesheet")
