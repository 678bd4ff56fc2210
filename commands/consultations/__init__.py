"""NPF consultations: /consultations for members; /consultation add|edit|remove for
officers; announcements of new ones and deadline reminders; their digest section."""

from __future__ import annotations

from bot.router import Router
from commands.consultations import listing, manage, notify, section

router = Router("consultations-feature")
router.include(listing.router, manage.router, notify.router, section.router)
