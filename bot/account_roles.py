"""An account's role asked without a chat event from it: for the web desk, which checks the
officer on every request, so that a removed officer is out at once.

The running adapter for the account's platform answers, as for a chat event: the event it
is asked about is a made-up private command from that account, which is all `role_of`
reads (Telegram: `[telegram] officers` and the officers' chat admins; Discord: the officer
roles in the CLP's servers). In a process without that platform running (`--only web`),
only the configured list of officer accounts counts (`[telegram] officers`); a Discord
officer is then a member.
"""

from __future__ import annotations

from bot.context import Services
from bot.model import CommandEvent, Identity, Role, person_target


async def role_of_account(services: Services, who: Identity) -> Role:
    adapter = services.adapters.get(who.platform)
    if adapter is not None:
        asked = CommandEvent(sender=who, chat=person_target(who), name="web")
        return await adapter.role_of(asked)
    return configured_role(services, who)


def configured_role(services: Services, who: Identity) -> Role:
    officers = services.config.telegram.officers if who.platform == "telegram" else ()
    listed = {str(account) for account in officers}
    return Role.OFFICER if who.user_id in listed else Role.MEMBER
