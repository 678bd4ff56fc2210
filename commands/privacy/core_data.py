"""What the core itself holds about a member: their record (code of conduct agreement,
last role), unfinished conversations, their entries in the audit log, and the link between
their accounts (erased last: the other features find the member through it)."""

from __future__ import annotations

from typing import Any

from bot.privacy import ErasureReport, Kept, PersonalData, PersonalDataRequest
from bot.richtext import plural
from bot.router import Router
from bot.stores.accounts import ACCOUNTS
from bot.stores.audit import AUDIT
from bot.stores.core import CONVERSATIONS, MEMBERS
from bot.stores.scheduling import OUTBOX

router = Router("privacy.core")
OFFICER = "officer"


async def export_members(req: PersonalDataRequest) -> list[dict[str, Any]]:
    found = []
    for who in req.identities:
        record = await req.uow.get(MEMBERS).record_of(who)
        if record is not None:
            found.append(
                {
                    "platform": who.platform,
                    "user_id": who.user_id,
                    "display_name": record.display_name,
                    "first_seen_at": req.when(record.created_at),
                    "agreed_to_code_of_conduct_at": req.when(record.conduct_acknowledged_at),
                    "role_last_seen_with": record.last_role,
                }
            )
    return found


async def erase_members(req: PersonalDataRequest) -> ErasureReport:
    report = ErasureReport("members")
    members = req.uow.get(MEMBERS)
    for who in req.identities:
        record = await members.record_of(who)
        if record is not None and await members.forget(who):
            agreed = (
                " and your agreement to the code of conduct"
                if (record.conduct_acknowledged_at)
                else ""
            )
            report.deleted.append(f"Your {who.platform} member record{agreed}")
    return report


async def export_conversations(req: PersonalDataRequest) -> list[dict[str, Any]]:
    found = []
    for who in req.identities:
        for state in await req.uow.get(CONVERSATIONS).of_user(who.platform, who.user_id):
            found.append(
                {
                    "platform": who.platform,
                    "chat_id": state.key.chat_id,
                    "conversation": state.flow,
                    "step": state.step,
                    "answers_so_far": state.data,
                    "expires_at": req.when(state.expires_at),
                }
            )
    return found


async def erase_conversations(req: PersonalDataRequest) -> ErasureReport:
    report = ErasureReport("conversations")
    removed = 0
    for who in req.identities:
        removed += await req.uow.get(CONVERSATIONS).delete_of_user(who.platform, who.user_id)
    if removed:
        report.deleted.append(plural(removed, "unfinished conversation") + " with the bot")
    return report


async def export_audit(req: PersonalDataRequest) -> list[dict[str, Any]]:
    return [
        {
            "at": req.when(entry.at),
            "action": entry.action,
            "subject": entry.subject,
            "detail": entry.detail,
            "your_role_then": entry.actor_role,
        }
        for entry in await req.uow.get(AUDIT).by_actors(req.keys)
    ]


async def erase_audit(req: PersonalDataRequest) -> ErasureReport:
    report = ErasureReport("audit")
    anonymised, kept = await req.uow.get(AUDIT).anonymise(req.keys, {OFFICER})
    if anonymised:
        report.deleted.append(f"Your name on {plural(anonymised, 'entry', 'entries')} in the log")
    if kept:
        days = req.config.retention.audit_days
        report.kept.append(
            Kept(
                f"{plural(kept, 'entry', 'entries')} in the audit log of what you did as an"
                " officer",
                f"{'is' if kept == 1 else 'are'} kept with your name, because the CLP must be"
                f" able to account for officers' actions; deleted after {days:g} days.",
            )
        )
    return report


async def export_direct_messages(req: PersonalDataRequest) -> list[dict[str, Any]]:
    """Posts the bot queued for or sent to the member privately (reminders, digest copies)."""
    found = []
    for who in req.identities:
        for item in await req.uow.get(OUTBOX).to_chat(who.platform, who.user_id):
            found.append(
                {"platform": who.platform, "post": item.post_key, "state": item.state.value}
            )
    return found


async def erase_direct_messages(req: PersonalDataRequest) -> ErasureReport:
    report = ErasureReport("direct_messages")
    removed = 0
    for who in req.identities:
        removed += await req.uow.get(OUTBOX).forget_chat(who.platform, who.user_id)
    if removed:
        report.deleted.append(
            f"The record of {plural(removed, 'message')} the bot sent you privately"
        )
    return report


async def export_accounts(req: PersonalDataRequest) -> dict[str, Any]:
    return {
        "person_number": req.person_id,
        "accounts": [
            {"platform": who.platform, "user_id": who.user_id, "display_name": who.display_name}
            for who in req.identities
        ],
    }


async def erase_accounts(req: PersonalDataRequest) -> ErasureReport:
    report = ErasureReport("accounts")
    removed = await req.uow.get(ACCOUNTS).forget(req.person_id)
    if removed:
        linked = " and the link between them" if removed > 1 else ""
        report.deleted.append(f"The {plural(removed, 'account')} the bot knew you by{linked}")
    return report


router.personal_data(
    PersonalData(
        "member_record",
        "Your member record",
        "For each platform, when the bot first saw you, when you agreed to the code of"
        " conduct (asked once, before your first submission) and the role (member or"
        " officer) you last had: a change of role is recorded in the audit log.",
        export_members,
        erase_members,
        order=10,
    )
)
router.personal_data(
    PersonalData(
        "conversations",
        "Unfinished conversations",
        "Where you are in a multi-step command (like /submit), with the answers given so"
        " far, so you can carry on later. They end when finished, cancelled or timed out.",
        export_conversations,
        erase_conversations,
        order=15,
    )
)
router.personal_data(
    PersonalData(
        "direct_messages",
        "Messages the bot sent you privately",
        "Which posts (event reminders, digest copies, notices about your drafts) the bot"
        " queued for or sent to your private chat, so that each is sent once.",
        export_direct_messages,
        erase_direct_messages,
        order=70,
    )
)
router.personal_data(
    PersonalData(
        "audit_log",
        "The audit log: things you did",
        "Officers' actions (announcements, reviews, polls, events, consultations) and"
        " changes of role, with who did them and when, readable by officers.",
        export_audit,
        erase_audit,
        order=80,
    )
)
router.personal_data(
    PersonalData(
        "accounts",
        "Your accounts",
        "The platform accounts the bot knows are you. Accounts joined with /link count as"
        " one member: one vote per poll, one support per idea.",
        export_accounts,
        erase_accounts,
        order=100,
    )
)
