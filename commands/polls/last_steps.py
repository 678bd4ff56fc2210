"""/poll's last steps: the chats to post it in, the last look before it goes out, and a
meeting's quorum."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import conversation
from bot.chat_picker import chat_page, pressed_chat, pressed_page
from bot.commands import whole_number
from bot.context import Context
from bot.conversation import Answer, Finish, FlowContext, Goto, Retry, Transition
from bot.model import ChatKind, ChatRef, Choice, OutgoingMessage
from bot.richtext import b, bullets, p, plural
from bot.stores.polls import PollKind
from bot.targets import announce_chats
from commands.polls.posting import create_and_post
from commands.polls.render import KIND_LABELS, when
from commands.polls.step_common import DONE, MAX_QUORUM, ask


def _chat_options(ctx: Context) -> list[ChatRef]:
    chats = list(announce_chats(ctx.config))
    if ctx.chat not in chats:
        chats.append(ctx.chat)
    return chats


def _chat_label(ctx: Context, chat: ChatRef) -> str:
    return "This chat" if chat == ctx.chat else ctx.services.chat_names.label(chat)


def _encode(chat: ChatRef) -> list[str]:
    return [chat.platform, chat.chat_id, chat.kind.value]


def _decode(entry: list[str]) -> ChatRef:
    return ChatRef(entry[0], entry[1], ChatKind(entry[2]))


async def ask_chats(f: FlowContext) -> OutgoingMessage:
    options = _chat_options(f.ctx)
    if "chats" not in f.data:
        defaults = [c for c in options if c != f.ctx.chat] or options
        f.data["chats"] = [_encode(c) for c in defaults]
    chosen = {_decode(c) for c in f.data["chats"]}
    page = await chat_page(
        f.ctx,
        options,
        chosen,
        f.data.get("chats_page", 0),
        others=2,
        label=lambda chat: _chat_label(f.ctx, chat),
    )
    f.data["chats_page"] = page.page
    intro = "Step 7 of 8: where should the poll go? Press a chat to add or remove it, then Done."
    return ask(f"{intro} {page.note}".strip(), *page.choices, Choice("Done", DONE))


async def got_chats(f: FlowContext, answer: Answer) -> Transition:
    chosen: list[list[str]] = list(f.data.get("chats") or [])
    if answer.choice == DONE:
        return Goto("confirm") if chosen else Retry("Please choose at least one chat.")
    turned = pressed_page(answer.choice)
    if turned is not None:
        f.data["chats_page"] = turned
        return Retry(f"{plural(len(chosen), 'chat')} chosen.")
    chat = pressed_chat(answer.choice, _chat_options(f.ctx))
    if chat is None:
        return Retry("That chat is no longer offered.")
    picked = _encode(chat)
    chosen = [c for c in chosen if c != picked] if picked in chosen else [*chosen, picked]
    f.data["chats"] = chosen
    return Retry(f"{plural(len(chosen), 'chat')} chosen.")


async def ask_confirm(f: FlowContext) -> OutgoingMessage:
    d = f.data
    kind = PollKind(d["kind"])
    how = KIND_LABELS[kind]
    if kind is PollKind.MULTIPLE:
        how += f", at most {d['max_choices']}"
    zone = f.ctx.config.clp.zone
    deadline = datetime.fromisoformat(d["deadline"]).astimezone(UTC)
    return OutgoingMessage(
        blocks=(
            p("Step 8 of 8: please check the poll."),
            p(b(d["question"])),
            bullets(*(f"{n}. {o['label']}" for n, o in enumerate(d["options"], start=1))),
            bullets(
                f"Kind: {how}",
                "Anonymous" if d["anonymous"] else "Open: officers can see who voted what",
                "Results live" if d["live"] else "Results when it closes",
                "Abstain offered" if d.get("abstain") else "No Abstain option",
                f"Quorum: {plural(d['quorum'], 'voter')}" if d.get("quorum") else "No quorum",
                f"Closes {when(deadline, zone)}",
                f"Posted in {plural(len(d['chats']), 'chat')}",
            ),
            p(
                "For a meeting: Abstain lets members take part without choosing (counted in"
                " the turnout, for no option); a quorum is how many must vote for the result"
                " to stand."
            ),
        ),
        choices=(
            Choice("Post the poll", "post"),
            Choice("No Abstain option" if d.get("abstain") else "Offer Abstain", "abstain"),
            Choice("Change the quorum" if d.get("quorum") else "Set a quorum", "quorum"),
            conversation.back_choice(),
        ),
    )


async def ask_quorum(f: FlowContext) -> OutgoingMessage:
    return ask(
        f"How many members must vote (abstentions included) for the result to stand? Type a"
        f" number from 1 to {MAX_QUORUM:,}, or press No quorum.",
        Choice("No quorum", "none"),
    )


async def got_quorum(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == "none":
        f.data["quorum"] = None
    else:
        quorum = whole_number(answer.text.replace(",", ""), 1, MAX_QUORUM)
        if quorum is None:
            return Retry(f"Please type a whole number from 1 to {MAX_QUORUM:,}, or No quorum.")
        f.data["quorum"] = quorum
    # back to the check as a detour, not a step forward: going to and fro does not grow /back
    history = f.state.history
    while history and history[-1] in ("confirm", "quorum"):
        history.pop()
    return Goto("confirm")


async def got_confirm(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == "abstain":
        f.data["abstain"] = not f.data.get("abstain")
        offered = "will be offered" if f.data["abstain"] else "will not be offered"
        return Retry(f"Abstain {offered}.")
    if answer.choice == "quorum":
        return Goto("quorum")
    deadline = datetime.fromisoformat(f.data["deadline"]).astimezone(UTC)
    if deadline <= f.ctx.now():
        return Retry("The deadline has passed meanwhile: go back and give a later one.")
    poll = await create_and_post(f.ctx, f.data)
    return Finish(
        OutgoingMessage.text(
            f"Poll #{poll.id} is posted to {plural(len(poll.chats), 'chat')} and closes"
            f" {when(poll.deadline, f.ctx.config.clp.zone)}. Close it early with"
            f" /poll close {poll.id}."
        )
    )
