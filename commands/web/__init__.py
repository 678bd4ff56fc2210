"""The bot's web pages: public events, and the officers' desk (signed in with /web)."""

from __future__ import annotations

from bot.router import Router
from commands.web import (
    desk,
    desk_audit,
    desk_consultations,
    desk_events,
    desk_exports,
    desk_polls,
    desk_steps,
    privacy,
    public,
    signin,
)
from commands.web.pages import STYLESHEET_ROUTE

router = Router("web")
router.include(signin.router, privacy.router)
for route in (
    STYLESHEET_ROUTE,
    *public.ROUTES,
    *signin.ROUTES,
    *desk.ROUTES,
    *desk_steps.ROUTES,
    *desk_events.ROUTES,
    *desk_polls.ROUTES,
    *desk_consultations.ROUTES,
    *desk_audit.ROUTES,
    *desk_exports.ROUTES,
):
    router.web(route)
