"""Officers are members holding a role named in `[discord] officer_roles` in one of the
CLP's own servers (`[discord] guild_ids`).

A role in any other server counts for nothing, whatever its name: anyone can create a
server, invite the bot and give themselves a role called "Officer". Names are compared
exactly as configured ("officer" is not "Officer"). Asked at the moment of use: from the
member the interaction carries when it comes from a CLP server (its role ids are current),
resolving role names from the guild cache and, if a role is not cached yet, from the API.
From a DM or another server, the CLP's servers are asked for the person's membership.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import discord

log = logging.getLogger("clpbot.discord")


async def is_officer(
    client: discord.Client,
    user: discord.abc.Snowflake,
    officer_roles: Sequence[str],
    guild_ids: Sequence[int],
    *,
    from_guild: int | None = None,
) -> bool:
    """`from_guild`: the server the interaction came from (None: a DM). Outside the CLP's
    servers the person is a member at most, even if they are an officer in the CLP's."""
    wanted = set(officer_roles)
    if not wanted:
        return False
    if from_guild is not None:
        if from_guild not in guild_ids:
            return False
        if isinstance(user, discord.Member) and user.guild.id == from_guild:
            return wanted & await _role_names(user.guild, user._roles) != set()
    for guild_id in guild_ids:
        member = await _member(client, guild_id, user.id)
        if member is not None and wanted & await _role_names(member.guild, member._roles):
            return True
    return False


async def _role_names(guild: discord.Guild, role_ids: Iterable[int]) -> set[str]:
    ids = set(role_ids)
    roles = {r.id: r for r in guild.roles}
    if not ids <= roles.keys():
        try:
            roles = {r.id: r for r in await guild.fetch_roles()}
        except discord.HTTPException:
            log.warning("could not fetch the roles of guild %s", guild.id)
    return {roles[i].name for i in ids if i in roles}


async def _member(client: discord.Client, guild_id: int, user_id: int) -> discord.Member | None:
    guild = client.get_guild(guild_id)
    if guild is None:
        return None
    member = guild.get_member(user_id)
    if member is not None:
        return member
    try:
        return await guild.fetch_member(user_id)
    except discord.NotFound:
        return None
    except discord.HTTPException:
        log.warning("could not look up member %s in guild %s", user_id, guild_id)
        return None
