"""Who is signed in to the desk: one-time links, session cookies, CSRF tokens, and the
officer's role checked again on every request (a removed officer is out at once).

Tokens are random (`secrets`); the database keeps only their SHA-256. The CSRF token is an
HMAC of the session's hash under the deployment's secret: tied to the session, stored
nowhere, and worthless once the session ends.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from bot.account_roles import role_of_account
from bot.context import Services
from bot.model import Identity, Role
from bot.permissions import Permission
from bot.stores.offices import OFFICES
from bot.stores.web import WEB_SESSIONS
from bot.web import WebRequest

LINK_LIFETIME = timedelta(minutes=10)
SESSION_LIFETIME = timedelta(hours=12)
COOKIE = "clpbot_desk"
DESK = "/desk"


def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_cookie(services: Services, token: str, max_age: int) -> str:
    secure = "; Secure" if services.config.web.public_url.startswith("https://") else ""
    return f"{COOKIE}={token}; Path={DESK}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"


def cleared_cookie(services: Services) -> str:
    return session_cookie(services, "", 0)


@dataclass(frozen=True, slots=True)
class Officer:
    who: Identity
    session_hash: str
    csrf: str


async def csrf_token(services: Services, session_hash: str) -> str:
    key = await services.buttons.key()
    return hmac.new(key, b"desk csrf\x00" + session_hash.encode(), hashlib.sha256).hexdigest()


async def signed_in(services: Services, request: WebRequest) -> Officer | None:
    """The officer whose session cookie this is, if it is live and they are an officer now."""
    token = request.cookie(COOKIE)
    if not token:
        return None
    hashed = token_hash(token)
    async with services.storage.unit() as uow:
        session = await uow.get(WEB_SESSIONS).session(hashed, services.clock())
    if session is None:
        return None
    if not await is_officer(services, session.who):
        await sign_out(services, session.who)
        return None
    return Officer(session.who, hashed, await csrf_token(services, hashed))


async def is_officer(
    services: Services, who: Identity, permission: Permission = Permission.REVIEW
) -> bool:
    """An officer by the platform (asked outside any transaction: Telegram's admins of the
    officers' chat, Discord's roles; every permission), or holding an office with
    `permission` (read in a short unit of its own). Signing in needs review: the desk is
    the review queue; its polls and consultations pages need those permissions too."""
    if await role_of_account(services, who) is Role.OFFICER:
        return True
    async with services.storage.unit() as uow:
        offices = await uow.get(OFFICES).offices_of(who)
    declared = services.config.offices
    return any(permission in declared.get(office, ()) for office in offices)


def csrf_ok(officer: Officer, form: dict[str, str]) -> bool:
    return hmac.compare_digest(officer.csrf, form.get("csrf", ""))


def same_origin(services: Services, request: WebRequest) -> bool:
    """A POST a browser says came from another site (its Origin header) is refused, also
    the sign-in (which has no session yet to tie a CSRF token to): no other site can sign
    an officer's browser in to someone else's session."""
    origin = request.headers.get("origin")
    public = urlsplit(services.config.web.public_url)
    return origin is None or origin == f"{public.scheme}://{public.netloc}"


async def sign_out(services: Services, who: Identity) -> None:
    async with services.storage.unit() as uow:
        await uow.get(WEB_SESSIONS).end_sessions(who)
