"""Officers' work on ideas: merge duplicates, archive, a poll from the top ideas, a draft."""

from __future__ import annotations

from bot.commands import Access, record_number
from bot.context import Context
from bot.stores.ideas import IDEAS, Idea, IdeaStatus
from bot.stores.submissions import SUBMISSIONS, Draft, Kind
from commands.ideas.listing import supporters
from commands.ideas.specs import IDEAS as IDEAS_SPEC
from commands.ideas.specs import router
from commands.polls.flow import start_poll
from commands.polls.render import short

TITLE_CHARS = 100
POLL_QUESTION = "Which of these ideas should our CLP develop?"


async def _open_idea(ctx: Context, text: str) -> Idea | None:
    wanted = text.strip().lstrip("#")
    number = record_number(wanted)
    idea = await ctx.uow.get(IDEAS).get(number) if number is not None else None
    if idea is None:
        await ctx.reply(f"There is no idea #{wanted or '?'}. Type /ideas to list them.")
        return None
    if idea.status is not IdeaStatus.OPEN:
        await ctx.reply(f"Idea #{idea.id} is not open any more ({idea.status.value}).")
        return None
    return idea


@router.subcommand(IDEAS_SPEC, "merge")
async def merge(ctx: Context) -> None:
    words = ctx.args.replace("into", " ").split()
    if len(words) != 2:
        await ctx.reply("Give the duplicate's number, then the idea to keep: /ideas merge 7 3.")
        return
    duplicate = await _open_idea(ctx, words[0])
    kept = await _open_idea(ctx, words[1]) if duplicate else None
    if duplicate is None or kept is None or duplicate.id is None or kept.id is None:
        return
    if duplicate.id == kept.id:
        await ctx.reply("Those are the same idea: give two different numbers.")
        return
    store = ctx.uow.get(IDEAS)
    await store.move_supporters(duplicate.id, kept.id)
    await store.set_status(duplicate.id, IdeaStatus.MERGED, merged_into=kept.id)
    now = await store.get(kept.id)
    await ctx.reply(
        f"Merged idea #{duplicate.id} into #{kept.id}, which now has"
        f" {supporters(now.support if now else kept.support)} (each counted once)."
    )


async def _archive(ctx: Context, text: str) -> None:
    idea = await _open_idea(ctx, text)
    if idea is None or idea.id is None:
        return
    await ctx.uow.get(IDEAS).set_status(idea.id, IdeaStatus.ARCHIVED)
    await ctx.reply(f"Idea #{idea.id} is archived. It no longer shows in /ideas.")


@router.subcommand(IDEAS_SPEC, "archive")
async def archive(ctx: Context) -> None:
    await _archive(ctx, ctx.args)


@router.action("ideaarchive", access=Access.IDEAS)
async def archive_button(ctx: Context, argument: str) -> None:
    await _archive(ctx, argument)


@router.subcommand(IDEAS_SPEC, "poll")
async def poll_from_ideas(ctx: Context) -> None:
    wanted = ctx.args.strip()
    count = record_number(wanted) or ctx.config.polls.top_ideas
    if not 2 <= count <= 10:
        await ctx.reply("A poll takes 2 to 10 ideas: for example /ideas poll 4.")
        return
    top = await ctx.uow.get(IDEAS).open_page(0, count)
    if len(top) < 2:
        await ctx.reply("A poll needs at least 2 open ideas; there are not enough yet.")
        return
    options = [{"label": short(i.text, 100), "idea_id": i.id} for i in top]
    await ctx.reply(
        f"Starting a poll with the top {len(top)} ideas. The question is {POLL_QUESTION!r}:"
        " type /back to change it."
    )
    await start_poll(ctx, {"question": POLL_QUESTION, "options": options})


async def _draft(ctx: Context, text: str) -> None:
    """A draft submission in the officer's name, with the idea as its proposal.

    The submissions feature has no public "draft from an idea" function, so this writes
    the draft through its store; the officer continues it with /drafts.
    """
    idea = await _open_idea(ctx, text)
    if idea is None or idea.id is None:
        return
    now = ctx.now()
    fields = {"title": short(idea.text, TITLE_CHARS), "proposal": idea.text}
    if idea.commission:
        fields["commission"] = idea.commission
    draft = await ctx.uow.get(SUBMISSIONS).add(
        Draft(
            author=ctx.sender,
            created_at=now,
            updated_at=now,
            author_chat_id=ctx.chat.chat_id if ctx.chat.is_private else None,
            kind=Kind.SUBMISSION,
            fields=fields,
        )
    )
    await ctx.uow.get(IDEAS).set_status(idea.id, IdeaStatus.PROMOTED)
    await ctx.reply(
        f"Started draft submission #{draft.id} from idea #{idea.id}. Continue it in a private"
        f" chat with /drafts {draft.id}."
    )


@router.subcommand(IDEAS_SPEC, "draft")
async def draft_from_idea(ctx: Context) -> None:
    await _draft(ctx, ctx.args)


@router.action("ideadraft", access=Access.IDEAS)
async def draft_button(ctx: Context, argument: str) -> None:
    await _draft(ctx, argument)
