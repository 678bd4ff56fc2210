"""/ideas: the open ideas with their support; /ideas ID: one idea (Support, Report, and Edit
or Withdraw for its author); the Support button."""

from __future__ import annotations

from bot.commands import record_number
from bot.context import Context
from bot.model import Choice, OutgoingMessage
from bot.paging import Page, asked_page, page_choices, past_end, pressed_page, show_page
from bot.richtext import Block, b, bullets, p, shorten
from bot.stores.ideas import IDEAS, Idea, IdeaStatus
from commands.ideas.choices import idea_choices
from commands.ideas.specs import IDEAS as IDEAS_SPEC
from commands.ideas.specs import router
from commands.personal import person_id, tell_privately

GONE = {
    IdeaStatus.HIDDEN: "hidden by the officers",
    IdeaStatus.WITHDRAWN: "withdrawn by its author",
}
"""What members see of an idea taken down: that it was, never its text."""
BUTTON_CHARS = 30
LINE_CHARS = 150
MAX_WORDS = 8
WORD_CHARS = 40
SEARCH_USAGE = "Type the words to look for after the command, for example /ideas search buses."


def supporters(n: int) -> str:
    return "1 supporter" if n == 1 else f"{n} supporters"


def line(idea: Idea) -> str:
    where = f" [{idea.commission}]" if idea.commission else ""
    return f"#{idea.id} {shorten(idea.text, LINE_CHARS)}{where} ({supporters(idea.support)})"


def _short(text: str) -> str:
    return text if len(text) <= BUTTON_CHARS else text[: BUTTON_CHARS - 1].rstrip() + "…"


@router.command(IDEAS_SPEC)
async def ideas_command(ctx: Context) -> None:
    asked = asked_page(ctx.args, "/ideas")
    wanted = asked.rest.lstrip("#")
    if asked.problem:
        await ctx.reply(asked.problem)
    elif wanted:
        await show_idea(ctx, wanted)
    else:
        await show_ideas(ctx, asked.number)


@router.subcommand(IDEAS_SPEC, "show")
async def ideas_show(ctx: Context) -> None:
    await show_idea(ctx, ctx.args.strip().lstrip("#"))


@router.subcommand(IDEAS_SPEC, "list")
async def list_ideas(ctx: Context) -> None:
    await show_ideas(ctx, 1)


@router.subcommand(IDEAS_SPEC, "page")
async def ideas_page(ctx: Context) -> None:
    asked = asked_page(f"page {ctx.args}", "/ideas")
    await (ctx.reply(asked.problem) if asked.problem else show_ideas(ctx, asked.number))


@router.subcommand(IDEAS_SPEC, "search")
async def search_ideas(ctx: Context) -> None:
    asked = asked_page(ctx.args, "/ideas search WORDS")
    words = search_words(asked.rest)
    if asked.problem or not words:
        await ctx.reply(asked.problem or SEARCH_USAGE)
        return
    await show_ideas(ctx, asked.number, words)


@router.action("ideaspage")
async def ideas_page_button(ctx: Context, argument: str) -> None:
    number, extra = pressed_page(argument)
    await show_ideas(ctx, number or 1, search_words(extra))


def search_words(typed: str) -> tuple[str, ...]:
    """Up to `MAX_WORDS` distinct words, each at most `WORD_CHARS` long."""
    words = dict.fromkeys(w[:WORD_CHARS] for w in typed.lower().split())  # as SQL lower()
    return tuple(words)[:MAX_WORDS]


async def show_ideas(ctx: Context, number: int, words: tuple[str, ...] = ()) -> None:
    """One page of the open ideas, most supported first (those matching `words`)."""
    store = ctx.uow.get(IDEAS)
    page = Page(number, await store.count_open(words))
    searched = " ".join(words)
    command = f"/ideas search {searched}" if words else "/ideas"
    if page.total == 0:
        await ctx.reply(
            f"No open idea matches “{shorten(searched)}”. Type /ideas to list them all."
            if words
            else "No ideas yet. Put one forward with /idea and your idea."
        )
        return
    if page.past_end:
        await ctx.reply(past_end(page, command))
        return
    shown = await store.open_page(page.offset, page.size, words)
    title = f"Ideas matching “{shorten(searched)}”" if words else "Members' ideas"
    blocks: list[Block] = [p(b(f"{title}, most supported first")), bullets(*map(line, shown))]
    if page.count > 1:
        blocks.append(p(f"{page.line} Type {command} page N to jump to a page."))
    blocks.append(p("Press Support to back an idea. Nobody sees who supports what."))
    supports = tuple(Choice(f"Support #{i.id} {_short(i.text)}", f"support:{i.id}") for i in shown)
    paging = page_choices("ideaspage", page, searched)
    await show_page(ctx, OutgoingMessage(blocks=tuple(blocks), choices=paging + supports))


async def show_idea(ctx: Context, wanted: str) -> None:
    number = record_number(wanted)
    idea = await ctx.uow.get(IDEAS).get(number) if number is not None else None
    if idea is None or idea.id is None:
        await ctx.reply(f"There is no idea #{shorten(wanted)}. Type /ideas to list them.")
        return
    if idea.status in GONE and not ctx.is_officer:
        await ctx.reply(
            f"Idea #{idea.id} was {GONE[idea.status]}. Type /ideas to list the open ones."
        )
        return
    status = {
        IdeaStatus.OPEN: "open",
        IdeaStatus.ARCHIVED: "archived",
        IdeaStatus.MERGED: f"merged into #{idea.merged_into}",
        IdeaStatus.PROMOTED: "turned into a draft submission",
        IdeaStatus.HIDDEN: f"hidden by the officers ({idea.hidden_reason})",
        IdeaStatus.WITHDRAWN: "withdrawn by its author",
    }[idea.status]
    await ctx.reply(
        OutgoingMessage(
            blocks=(
                p(b(f"Idea #{idea.id}")),
                p(idea.text),
                bullets(
                    f"Commission: {idea.commission or 'not given'}",
                    f"Status: {status}",
                    supporters(idea.support),
                ),
            ),
            choices=await idea_choices(ctx, idea),
        )
    )


@router.action("support")
async def support(ctx: Context, argument: str) -> None:
    store = ctx.uow.get(IDEAS)
    number = record_number(argument)
    idea = await store.get(number) if number is not None else None
    if idea is not None and idea.status is IdeaStatus.MERGED and idea.merged_into:
        idea = await store.get(idea.merged_into)  # a duplicate: support the idea kept
    if idea is None or idea.id is None:
        await tell_privately(ctx, OutgoingMessage.text("That idea no longer exists."))
        return
    if idea.status is not IdeaStatus.OPEN:
        await tell_privately(
            ctx, OutgoingMessage.text(f"Idea #{idea.id} is closed to support now.")
        )
        return
    added = await store.support(idea.id, await person_id(ctx), ctx.now())
    count = (await store.get(idea.id) or idea).support
    text = (
        f"Thank you: you support idea #{idea.id} ({supporters(count)} now)."
        if added
        else f"You already support idea #{idea.id} ({supporters(count)}): each member counts once."
    )
    await tell_privately(ctx, OutgoingMessage.text(text))
