"""/announce: compose, choose where (everywhere or some chats) and when (now, at a time, or
repeating), preview, confirm. The post itself is a scheduled job (see announcements.py)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from bot import conversation
from bot.audit import audit
from bot.chat_picker import chat_page, pressed_chat, pressed_page
from bot.commands import Access
from bot.context import Context
from bot.conversation import Answer, Finish, Flow, FlowContext, Goto, Retry, Step, Transition
from bot.dates import names_a_time, read_moment
from bot.limits import over_limit
from bot.model import ChatKind, ChatRef, Choice, OutgoingMessage
from bot.richtext import b, i, p, shorten
from bot.router import Router
from bot.stores.events import ANNOUNCEMENTS, Announcement
from bot.targets import announce_chats
from commands.events.announcements import announcement_message, schedule_job
from commands.events.dates import describe, parse_recurrence
from commands.events.specs import ANNOUNCE
from commands.events.when_steps import ask_when_time, day_only, time_into

router = Router("events.announce")
TEXT_MAX = 3500


def _chats(data: dict[str, Any]) -> list[ChatRef]:
    return [ChatRef(pl, c, ChatKind(k)) for pl, c, k in data.get("chosen", [])]


async def ask_text(f: FlowContext) -> OutgoingMessage:
    hint = f.ctx.adapter.capabilities.lines_hint
    return OutgoingMessage.text(
        "What should the announcement say? Type it as members will read it "
        f"(leave a blank line between paragraphs{'; ' + hint if hint else ''})."
    )


async def got_text(f: FlowContext, answer: Answer) -> Transition:
    text = answer.text.strip()
    if not text:
        return Retry("Please type the announcement.")
    problem = over_limit("announcement", text, TEXT_MAX)
    if problem:
        return Retry(problem)
    f.data["text"] = text
    return Goto("targets")


async def ask_targets(f: FlowContext) -> OutgoingMessage:
    available = announce_chats(f.ctx.config)
    chosen = _chats(f.data)
    page = await chat_page(f.ctx, available, chosen, f.data.get("page", 0), others=2)
    f.data["page"] = page.page
    choices = [Choice("Everywhere", "all"), *page.choices]
    if chosen:
        choices.append(Choice(f"Done ({len(chosen)} chosen)", "done"))
    text = (
        "Where should it go? Everywhere (every announce chat and channel on every platform), "
        "or press chats one by one and then Done."
    )
    return OutgoingMessage.text(text, *([page.note] if page.note else []), choices=tuple(choices))


async def got_targets(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == "all":
        f.data["chosen"] = []
        f.data["everywhere"] = True
        return Goto("when")
    if answer.choice == "done":
        return Goto("when")
    turned = pressed_page(answer.choice)
    if turned is not None:
        f.data["page"] = turned
        return Goto("targets")
    chat = pressed_chat(answer.choice, announce_chats(f.ctx.config))
    if chat is None:
        return Retry("Please press one of the chats.")
    entry = [chat.platform, chat.chat_id, chat.kind.value]
    chosen: list[list[str]] = f.data.setdefault("chosen", [])
    if entry in chosen:
        chosen.remove(entry)
    else:
        chosen.append(entry)
    f.data["everywhere"] = False
    return Goto("targets")


async def ask_when(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        "When should it go out? Press Now, or type a time (for example: Friday 18:00, "
        "14 March 9am) or a repeat (every Monday 09:00, every weekday 8am, every month on the "
        "1st 9am, every second Thursday of the month 19:00, the last Friday of the month 6pm, "
        f"the last day of the month 9am). Times are in {f.ctx.config.clp.timezone}.",
        choices=(Choice("Now", "now"),),
    )


async def got_when(f: FlowContext, answer: Answer) -> Transition:
    zone, now = f.ctx.config.clp.zone, f.ctx.now()
    f.data.update(recurrence=None, recurrence_text="")
    if answer.choice == "now":
        f.data["due_at"] = None
        return Goto("preview")
    text = answer.text.strip()
    parsed = parse_recurrence(text)
    if parsed is None and text.lower().startswith("every"):
        return Retry(
            f"I could not read {shorten(text)!r} as a repeat. Try 'every Monday 09:00', "
            "'every weekday 8am', 'every month on the 1st 9am', 'every second Thursday of "
            "the month 19:00' or 'the last Friday of the month 18:00'."
        )
    if parsed is not None:
        fields, said = parsed
        first = f.ctx.services.scheduler.next_occurrence(fields, now)
        assert first is not None
        f.data.update(due_at=first.isoformat(), recurrence=fields, recurrence_text=said)
        return Goto("preview")
    found = read_moment(text, zone, now)
    if found is None:
        return Retry(
            f"I could not read {shorten(text)!r} as a time. Try 'Friday 18:00' or press Now."
        )
    if not names_a_time(text):  # "tomorrow", "Friday": ask rather than guess the time
        return day_only(f, found, "When should it go out?")
    if found <= now:
        return Retry(f"{describe(found, zone)} is in the past. When should it go out?")
    f.data["due_at"] = found.isoformat()
    return Goto("preview")


got_when_time = time_into("due_at", then="preview")


def _when_text(f: FlowContext) -> str:
    zone = f.ctx.config.clp.zone
    if not f.data.get("due_at"):
        return "now"
    first = describe(datetime.fromisoformat(f.data["due_at"]), zone)
    if f.data.get("recurrence_text"):
        return f"{f.data['recurrence_text']}, first on {first}"
    return first


def _where_text(f: FlowContext) -> str:
    if f.data.get("everywhere", True) and not f.data.get("chosen"):
        return "everywhere (every announce chat and channel)"
    return ", ".join(f.ctx.services.chat_names.label(c) for c in _chats(f.data))


async def ask_preview(f: FlowContext) -> OutgoingMessage:
    post = announcement_message(f.data["text"])
    return OutgoingMessage(
        blocks=(
            p(i("Preview:")),
            *post.blocks,
            p(b("Goes to: "), _where_text(f)),
            p(b("When: "), _when_text(f)),
        ),
        choices=(Choice("Confirm", "confirm"), Choice("Discard", "discard")),
    )


async def got_preview(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == "discard":
        return Finish(OutgoingMessage.text("Discarded: nothing will be posted."))
    ctx, now = f.ctx, f.ctx.now()
    due = datetime.fromisoformat(f.data["due_at"]) if f.data.get("due_at") else now
    if due < now and not f.data.get("recurrence"):
        due = now  # the preview sat there past its time: send it now rather than never
    everywhere = f.data.get("everywhere", True) and not f.data.get("chosen")
    announcement = await ctx.uow.get(ANNOUNCEMENTS).add(
        Announcement(
            text=f.data["text"],
            targets=None if everywhere else _chats(f.data),
            due_at=due,
            recurrence=f.data.get("recurrence"),
            recurrence_text=f.data.get("recurrence_text", ""),
            created_by=ctx.sender.key,
            created_at=now,
        )
    )
    job = await schedule_job(ctx.services, ctx.uow, announcement)
    await audit(ctx, "announcement.create", f"announcement #{announcement.id}", _when_text(f))
    assert job.id is not None
    assert announcement.id is not None
    if due <= now:  # run once committed: the job reads the announcement in its own unit
        await ctx.deliver(partial(ctx.services.scheduler.run_job, job.id))
        return Finish(OutgoingMessage.text(f"Posting announcement #{announcement.id} now."))
    return Finish(
        OutgoingMessage.text(
            f"Scheduled announcement #{announcement.id}: {_when_text(f)}. "
            f"/announcements lists it; /announce cancel {announcement.id} stops it."
        )
    )


ANNOUNCE_FLOW = router.flow(
    Flow(
        "announce",
        (
            Step("text", ask_text, got_text),
            Step("targets", ask_targets, got_targets, text_allowed=False),
            Step("when", ask_when, got_when),
            Step("when_time", ask_when_time, got_when_time),
            Step("preview", ask_preview, got_preview, text_allowed=False),
        ),
        access=Access.ANNOUNCE,
        command="announce",
    )
)


@router.command(ANNOUNCE)
async def announce(ctx: Context) -> None:
    if ctx.args.strip():
        await ctx.reply(
            f"I don't know /announce {ctx.args.strip()}. Type /announce on its own (or "
            "/announce new) to write an announcement, or /announce cancel and a number to stop "
            "a scheduled one (/announcements lists them)."
        )
        return
    await conversation.start(ctx, ANNOUNCE_FLOW)
