"""Co-authors by account: chosen by mention, asked privately, listed once they accept.

A co-author is an account the platform resolved from a mention (`IncomingEvent.mentions`:
a Telegram @username or mention, a Discord user mention or @username), never a typed
name: a display name anyone can take would open the draft. The invited member gets Accept
and Decline buttons privately (queued in the outbox to them as a person); until they
accept they see nothing and are named nowhere. /drafts shows invitations still open, for
a member the invitation could not reach at first (no private chat with the bot yet).
"""

from __future__ import annotations

from bot.commands import record_number
from bot.context import Context
from bot.model import Choice, Identity, OutgoingMessage, person_target
from bot.richtext import Block, b, bullets, p, shorten
from bot.router import Router
from bot.stores.submissions import SUBMISSIONS, CoAuthor, Draft
from commands.personal import tell_privately
from commands.submissions.fields import MAX_COAUTHORS, parse_coauthors

router = Router("submissions.coauthors")
ACTION = "coauthor"


def chosen(ctx: Context, text: str) -> tuple[list[Identity], list[str]]:
    """The accounts `text` mentions (not the sender's own), and the pieces naming none."""
    by_text = {m.text.casefold(): m.person for m in ctx.event.mentions}
    people: dict[str, Identity] = {}
    unknown: list[str] = []
    for piece in parse_coauthors(text):
        person = by_text.get(piece.casefold())
        if person is None:
            unknown.append(piece)
        elif person.key != ctx.sender.key:
            people.setdefault(person.key, person)
    return list(people.values()), unknown


def problem(ctx: Context, people: list[Identity], unknown: list[str]) -> str | None:
    if unknown:
        link = ctx.adapter.private_link("start")
        where = f" ({link})" if link else ""
        return (
            f"I can't tell who “{shorten(unknown[0], 40)}” is. A name is not enough (anyone"
            " could take it): mention each co-author with @ and their username, separated by"
            " commas. If I still can't find someone, they have not used the bot yet: ask them"
            f" to open a private chat with me first{where}, then try again."
        )
    if not people:
        return "Mention at least one other member with @ and their username, or skip."
    if len(people) > MAX_COAUTHORS:
        return f"That is {len(people)} people; please name at most {MAX_COAUTHORS} co-authors."
    return None


def invitation(draft: Draft) -> OutgoingMessage:
    return OutgoingMessage(
        blocks=(
            p(
                f"{draft.author.display_name} asks you to co-author draft #{draft.id}"
                f" “{draft.title}”. As a co-author you can read it in /drafts, and your name"
                " is listed with it. Nobody sees you as a co-author unless you accept."
            ),
        ),
        choices=_answers(draft),
    )


def _answers(draft: Draft) -> tuple[Choice, ...]:
    return (
        Choice("Accept", f"{ACTION}:{draft.id}:yes"),
        Choice("Decline", f"{ACTION}:{draft.id}:no"),
    )


async def invite(ctx: Context, draft: Draft, people: list[Identity]) -> None:
    """Ask each newly chosen account privately, once per draft (the outbox key)."""
    message = invitation(draft)
    for person in people:
        key = f"{ACTION}:{draft.id}:{person.key}"
        await ctx.services.outbox.post(ctx.uow, key, [person_target(person)], message)


async def invitations_for(ctx: Context) -> tuple[list[Block], tuple[Choice, ...]]:
    """For /drafts: the invitations the member has not answered, with their buttons."""
    drafts = await ctx.uow.get(SUBMISSIONS).invitations(ctx.sender)
    if not drafts:
        return [], ()
    lines = [f"#{d.id} “{d.title}”, from {d.author.display_name}" for d in drafts]
    choices = tuple(c for d in drafts[:5] for c in _answers(d))
    return [p(b("Asking you to co-author")), bullets(*lines)], choices


@router.action(ACTION)
async def answer(ctx: Context, argument: str) -> None:
    number, _, what = argument.partition(":")
    found = record_number(number)
    store = ctx.uow.get(SUBMISSIONS)
    draft = await store.get(found) if found is not None else None
    if draft is None or not any(c.is_account(ctx.sender) for c in draft.coauthors):
        await tell_privately(
            ctx,
            OutgoingMessage.text(
                f"That invitation is no longer open: draft #{number} was deleted or its"
                " author changed its co-authors."
            ),
        )
        return
    accept = what == "yes"
    if accept:
        draft.coauthors = [
            CoAuthor(ctx.sender, accepted=True) if c.is_account(ctx.sender) else c
            for c in draft.coauthors
        ]
        news = "You are now a co-author of draft #{n} “{t}”: read it any time in /drafts."
        told = "{who} accepted to co-author your draft #{n} “{t}”."
    else:
        draft.coauthors = [c for c in draft.coauthors if not c.is_account(ctx.sender)]
        news = "Declined: you are not a co-author of draft #{n} “{t}”, and it does not name you."
        told = "{who} declined to co-author your draft #{n} “{t}”."
    await store.update(draft)
    who, n, t = ctx.sender.display_name, draft.id, draft.title
    if draft.author.platform:  # not an author who asked to be forgotten
        key = f"{ACTION}:{n}:{ctx.sender.key}:{what}:{ctx.now().isoformat()}"
        author_news = OutgoingMessage.text(told.format(who=who, n=n, t=t))
        await ctx.services.outbox.post(ctx.uow, key, [person_target(draft.author)], author_news)
    await tell_privately(ctx, OutgoingMessage.text(news.format(n=n, t=t)))
