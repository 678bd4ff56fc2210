"""/web and signing in and out of the desk.

The link opens a page with a "Sign in" button rather than signing in by itself: chat apps
fetch links to show a preview, and that fetch must not use up a one-time link. The button
posts the token back (a same-site POST), which uses it up and sets the session cookie.
"""

from __future__ import annotations

from bot.context import Context, Services
from bot.router import Router
from bot.stores.web import WEB_SESSIONS, WebSession
from bot.web import WebRequest, WebResponse, WebRoute
from commands.web.guard import forged
from commands.web.pages import page, problem
from commands.web.session import (
    DESK,
    LINK_LIFETIME,
    SESSION_LIFETIME,
    cleared_cookie,
    csrf_ok,
    is_officer,
    new_token,
    same_origin,
    session_cookie,
    sign_out,
    signed_in,
    token_hash,
)
from commands.web.specs import WEB

router = Router("web.signin")
USED = (
    "This sign-in link has been used or has expired (a link works once, within 10 minutes)."
    " Type /web in your private chat with the bot for a new one."
)


@router.command(WEB)
async def web_link(ctx: Context) -> None:
    web = ctx.config.web
    if not web.enabled:
        await ctx.reply(
            "The web desk is off: it needs the web server ([web] enabled = true and its"
            " public_url in the config). Until then, use /review here."
        )
        return
    token, hashed = new_token()
    now = ctx.now()
    store = ctx.uow.get(WEB_SESSIONS)
    await store.delete_expired(now)
    await store.add_sign_in(hashed, ctx.sender, now, now + LINK_LIFETIME)
    await ctx.reply(
        f"Your sign-in link for the officers' desk: {web.public_url}{DESK}/signin/{token}\n"
        "It works once, within 10 minutes. Do not forward it: it signs in as you."
    )


async def signin_page(services: Services, request: WebRequest) -> WebResponse:
    token = request.params.get("token", "")
    async with services.storage.unit() as uow:
        usable = await uow.get(WEB_SESSIONS).sign_in_open(token_hash(token), services.clock())
    if not usable:
        return problem(services.config, 403, "Link used or expired", USED, private=True)
    return page(services.config, "signin.html", title="Sign in", token=token, private=True)


async def signin(services: Services, request: WebRequest) -> WebResponse:
    if not same_origin(services, request):
        return forged(services)
    now = services.clock()
    async with services.storage.unit() as uow:
        who = await uow.get(WEB_SESSIONS).use_sign_in(
            token_hash(request.form().get("token", "")), now
        )
    if who is None:
        return problem(services.config, 403, "Link used or expired", USED, private=True)
    if not await is_officer(services, who):  # no longer an officer: it signs nobody in
        text = "The desk is for officers only. Type /help in the chat to see what you can do."
        return problem(services.config, 403, "For officers only", text, private=True)
    session, hashed = new_token()
    async with services.storage.unit() as uow:
        await uow.get(WEB_SESSIONS).add_session(
            WebSession(hashed, who, now, now + SESSION_LIFETIME)
        )
    cookie = session_cookie(services, session, int(SESSION_LIFETIME.total_seconds()))
    return WebResponse.redirect(DESK, {"Set-Cookie": cookie, "Cache-Control": "no-store"})


async def signout(services: Services, request: WebRequest) -> WebResponse:
    officer = await signed_in(services, request)
    if officer is None:
        return WebResponse.redirect("/events", {"Set-Cookie": cleared_cookie(services)})
    if not (same_origin(services, request) and csrf_ok(officer, request.form())):
        return forged(services)
    await sign_out(services, officer.who)
    headers = {"Set-Cookie": cleared_cookie(services)}
    return page(
        services.config, "signed_out.html", title="Signed out", private=True, headers=headers
    )


ROUTES = (
    WebRoute(DESK + "/signin/{token}", signin_page, "desk sign-in page"),
    WebRoute(DESK + "/signin", signin, "desk sign-in", methods=("POST",)),
    WebRoute(DESK + "/signout", signout, "desk sign-out", methods=("POST",)),
)
