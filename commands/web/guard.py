"""The desk's doors: every desk page is for a signed-in officer, checked on each request,
and every form posted to it must carry the session's CSRF token and come from our own site
(its Origin), else it is refused (403) and nothing is done."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.context import Services
from bot.permissions import Permission
from bot.web import WebRequest, WebResponse
from commands.web.pages import problem
from commands.web.session import Officer, csrf_ok, is_officer, same_origin, signed_in

Handler = Callable[[Services, WebRequest, Officer], Awaitable[WebResponse]]


def desk_page(
    handler: Handler, permission: Permission = Permission.REVIEW
) -> Callable[[Services, WebRequest], Awaitable[WebResponse]]:
    """Only for a signed-in officer (checked now) whose office has `permission`; a POST
    only with the session's token."""

    async def guarded(services: Services, request: WebRequest) -> WebResponse:
        officer = await signed_in(services, request)
        if officer is None:
            text = (
                "The desk is for officers, signed in. Type /web in your private chat with the"
                " bot for a sign-in link."
            )
            return problem(services.config, 401, "Please sign in", text, private=True)
        posted = request.method == "POST"
        if posted and not (same_origin(services, request) and csrf_ok(officer, request.form())):
            return forged(services)
        if permission is not Permission.REVIEW and not await is_officer(
            services, officer.who, permission
        ):  # signing in checked review already
            text = f"This page is for officers who {permission.label}; your office does not."
            return problem(services.config, 403, "Not for your office", text, private=True)
        return await handler(services, request, officer)

    return guarded


def desk_values(officer: Officer) -> dict[str, Any]:
    """What every desk page's frame shows: the sign-out form's token, who is signed in."""
    return {"csrf": officer.csrf, "officer_name": officer.who.display_name}


def forged(services: Services) -> WebResponse:
    text = "This form did not come from your desk page, so nothing was done. Reload the page."
    return problem(services.config, 403, "Refused", text, private=True)
