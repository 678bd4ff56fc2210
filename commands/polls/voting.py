"""Voting with buttons: values "vote:<poll>:<option index>", "…:submit", "…:clear", "…:show",
and "…:abstain" where the poll offers Abstain.

Single choice records at once. Several and ranked choices build the ballot press by press
(a draft kept under the same anonymous key) until "Submit ballot". Every answer to the
voter is private (`tell_privately`) and nothing about a vote is logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Sequence

from bot.commands import record_number
from bot.context import Context, Services
from bot.model import MessageRef, OutgoingMessage
from bot.richtext import p
from bot.scheduling.outbox import edited_later
from bot.stores.polls import POLLS, Poll, PollKind
from bot.stores.scheduling import OUTBOX
from commands.personal import person_id, tell_privately
from commands.polls.render import describe_ballot, option_choices, poll_message, when
from commands.polls.specs import router

log = logging.getLogger("clpbot.polls")


def voter_key(secret: bytes, person: int) -> str:
    """An opaque per-poll key: without the poll's secret it cannot be tied to the person."""
    return hmac.new(secret, f"person:{person}".encode(), hashlib.sha256).hexdigest()


POST_KEY = edited_later("poll:")  # live results and the close edit the poll's post


def post_key(poll_id: int) -> str:
    return f"{POST_KEY}{poll_id}"


@router.action("vote")
async def vote(ctx: Context, argument: str) -> None:
    poll_part, _, what = argument.partition(":")
    number = record_number(poll_part)
    found = await ctx.uow.get(POLLS).for_voter(number, ctx.sender) if number is not None else None
    if found is None or found.poll.id is None:
        await tell_privately(ctx, OutgoingMessage.text("That poll no longer exists."))
        return
    poll, secret = found.poll, found.secret
    zone = ctx.config.clp.zone
    if secret is None or not poll.is_open or ctx.now() >= poll.deadline:
        closed = when(poll.closed_at or poll.deadline, zone)
        await tell_privately(
            ctx,
            OutgoingMessage.text(
                f"Poll #{poll.id} closed on {closed}, so your vote was not counted."
                " Votes are accepted only until the deadline."
            ),
        )
        return
    person = found.person_id if found.person_id is not None else await person_id(ctx)
    key = voter_key(secret, person)
    if what == "show":
        await tell_privately(ctx, poll_message(poll, zone))
    elif what == "submit" and poll.kind is not PollKind.SINGLE:
        await _submit(ctx, poll, key, person)
    elif what == "clear" and poll.kind is not PollKind.SINGLE:
        await _clear(ctx, poll, key)
    elif what == "abstain" and poll.abstain:
        # an abstention is an empty ballot: in the turnout, for no option
        await _record(ctx, poll, key, (), person, clear_draft=poll.kind is not PollKind.SINGLE)
    elif (option := record_number(what)) is not None and option < len(poll.options):
        await _press(ctx, poll, key, option, person)
    else:
        await tell_privately(
            ctx, OutgoingMessage.text("That button is not part of this poll: press an option.")
        )


async def _press(ctx: Context, poll: Poll, key: str, option: int, person: int) -> None:
    assert poll.id is not None
    store = ctx.uow.get(POLLS)
    if poll.kind is PollKind.SINGLE:
        await _record(ctx, poll, key, (option,), person)
        return
    draft = list(await store.draft(poll.id, key))
    note = ""
    if poll.kind is PollKind.MULTIPLE:
        if option in draft:
            draft.remove(option)
        elif len(draft) >= poll.max_choices:
            note = (
                f"You can choose at most {poll.max_choices}. Press one you chose to remove it,"
                " or Submit ballot."
            )
        else:
            draft.append(option)
    elif option in draft:
        note = f"{poll.options[option].label} is already your choice {draft.index(option) + 1}."
    else:
        draft.append(option)
    await store.set_draft(poll.id, key, tuple(draft))
    await tell_privately(ctx, _draft_message(poll, draft, note))


def _draft_message(poll: Poll, draft: Sequence[int], note: str = "") -> OutgoingMessage:
    so_far = describe_ballot(poll, draft) if draft else "nothing yet"
    word = "ranking" if poll.kind is PollKind.RANKED else "choices"
    paras = [note] if note else []
    paras += [
        f"Poll #{poll.id}: your {word} so far: {so_far}.",
        "Press Submit ballot when you are done; your ballot is not counted until then.",
    ]
    return OutgoingMessage(blocks=tuple(p(t) for t in paras), choices=option_choices(poll))


async def _clear(ctx: Context, poll: Poll, key: str) -> None:
    assert poll.id is not None
    await ctx.uow.get(POLLS).set_draft(poll.id, key, ())
    await tell_privately(ctx, _draft_message(poll, [], "Cleared."))


async def _submit(ctx: Context, poll: Poll, key: str, person: int) -> None:
    assert poll.id is not None
    store = ctx.uow.get(POLLS)
    draft = await store.draft(poll.id, key)
    if not draft:
        current = await store.ballot(poll.id, key)
        already = f" Your ballot stands: {describe_ballot(poll, current)}." if current else ""
        await tell_privately(
            ctx,
            OutgoingMessage(
                blocks=(p(f"Choose at least one option first, then Submit ballot.{already}"),),
                choices=option_choices(poll),
            ),
        )
        return
    await _record(ctx, poll, key, draft, person, clear_draft=True)


async def _record(
    ctx: Context,
    poll: Poll,
    key: str,
    ballot: tuple[int, ...],
    person: int,
    *,
    clear_draft: bool = False,
) -> None:
    """Cast once the event's transaction has committed (the person row the ballot names is
    in it), in the ballot batcher's own short transaction; the voter is told only when the
    ballot is durable. A submitted draft is cleared after that, so a failed cast keeps it."""
    poll_id = poll.id
    assert poll_id is not None
    cast = ctx.uow.get(POLLS).durable_cast()
    owner = None if poll.anonymous else person

    async def cast_then_tell() -> None:
        if not await cast(poll_id, key, ballot, owner):
            await tell_privately(
                ctx,
                OutgoingMessage.text(f"Poll #{poll_id} has closed, so your vote was not counted."),
            )
            return
        if clear_draft:
            await ctx.in_own_unit(lambda uow: uow.get(POLLS).set_draft(poll_id, key, ()))
        zone = ctx.config.clp.zone
        await tell_privately(
            ctx,
            OutgoingMessage.text(
                f"Your vote in poll #{poll_id} is recorded: {describe_ballot(poll, ballot)}.",
                f"You can change it until {when(poll.deadline, zone)}.",
            ),
        )
        if poll.live_results:
            await refresh_live(ctx.services, poll)

    await ctx.deliver(cast_then_tell)


async def refresh_live(services: Services, poll: Poll) -> None:
    """Edit the posted poll messages to show the results so far (live results): read in a
    short unit of its own, edited after it has closed."""
    assert poll.id is not None
    async with services.storage.unit() as uow:
        ballots = await uow.get(POLLS).ballots(poll.id)
        posted = await uow.get(OUTBOX).for_post(post_key(poll.id))
    message = poll_message(poll, services.config.clp.zone, live=ballots)
    for item in posted:
        adapter = services.adapters.get(item.chat.platform)
        if adapter is None or not adapter.capabilities.edits or not item.message_id:
            continue
        try:
            await adapter.edit(MessageRef(item.chat, item.message_id), message)
        except Exception as error:
            log.warning("could not update poll #%s's live results: %s", poll.id, error)
