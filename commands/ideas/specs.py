"""The idea commands, declared once as data, and the router the idea modules register on."""

from __future__ import annotations

from bot.commands import Access, ArgSpec, ArgType, CommandSpec, Where
from bot.router import Router

router = Router("ideas")

IDEA = CommandSpec(
    "idea",
    "Put forward a policy idea",
    args=(ArgSpec("text", "Your idea (optionally a commission first, then a colon)", rest=True),),
    help="Records your idea for the CLP to discuss. Start with a policy commission's number "
    "or name and a colon to file it under that commission. Other members can support it "
    "from /ideas; nobody sees who supports what. Each member may put forward a few ideas an "
    "hour ([ideas] per_member_per_hour); you can edit or withdraw yours (/ideas edit, "
    "/ideas withdraw) until others support it.",
    example="/idea 5: Free prescriptions for carers",
)

_ID = ArgSpec("id", "The idea's number", type=ArgType.INTEGER, required=True)
IDEAS_LIST = CommandSpec("list", "Open ideas, most supported first, to support")
IDEAS_PAGE = CommandSpec(
    "page",
    "One page of the open ideas",
    args=(ArgSpec("number", "The page's number", type=ArgType.INTEGER, required=True),),
    example="/ideas page 2",
)
IDEAS_SEARCH = CommandSpec(
    "search",
    "Open ideas whose text has all these words (any case)",
    args=(ArgSpec("words", "The words to look for", required=True, rest=True),),
    example="/ideas search free buses",
)
IDEAS_SHOW = CommandSpec("show", "One idea and its support", args=(_ID,), example="/ideas show 3")
IDEAS_MERGE = CommandSpec(
    "merge",
    "Merge a duplicate idea into another (supporters move, counted once)",
    args=(_ID, ArgSpec("into", "The idea to keep", type=ArgType.INTEGER, required=True)),
    access=Access.IDEAS,
    example="/ideas merge 7 3",
)
IDEAS_ARCHIVE = CommandSpec(
    "archive", "Archive an idea", args=(_ID,), access=Access.IDEAS, example="/ideas archive 4"
)
IDEAS_POLL = CommandSpec(
    "poll",
    "Start a poll from the most supported ideas",
    args=(ArgSpec("count", "How many top ideas (2 to 10)", type=ArgType.INTEGER),),
    access=Access.POLLS,
    example="/ideas poll 4",
)
IDEAS_DRAFT = CommandSpec(
    "draft",
    "Start a draft policy submission from an idea",
    args=(_ID,),
    access=Access.IDEAS,
    example="/ideas draft 3",
)
_NUMBER = ArgSpec("id", "Your idea's number", type=ArgType.INTEGER, required=True)
IDEAS_EDIT = CommandSpec(
    "edit",
    "Change the text of your idea (until others support it)",
    args=(_NUMBER, ArgSpec("text", "The new text", rest=True)),
    where=Where.PRIVATE,
    example="/ideas edit 12 Free bus travel for everyone under 25",
)
IDEAS_WITHDRAW = CommandSpec(
    "withdraw",
    "Withdraw your idea (until others support it)",
    args=(_NUMBER,),
    example="/ideas withdraw 12",
)
IDEAS_HIDE = CommandSpec(
    "hide",
    "Hide an idea that breaks the code of conduct (its author is told why)",
    args=(
        ArgSpec("id", "The idea's number", type=ArgType.INTEGER, required=True),
        ArgSpec("reason", "The reason the author is told", rest=True, required=True),
    ),
    access=Access.IDEAS,
    example="/ideas hide 12 It attacks a member by name",
)
IDEAS = CommandSpec(
    "ideas",
    "Members' policy ideas: support the ones you back",
    args=(ArgSpec("id", "An idea's number, to see it", type=ArgType.INTEGER),),
    help="Lists the open ideas, most supported first, a page at a time (Next and Previous, "
    "or /ideas page N); /ideas search WORDS finds the ones with those words. Press Support "
    "to back one (once each). Edit or withdraw your own idea until others support it. "
    "Officers can merge duplicates, archive or hide ideas and turn the top ones into a poll "
    "or a draft submission.",
    example="/ideas",
    subcommands=(
        IDEAS_LIST,
        IDEAS_PAGE,
        IDEAS_SEARCH,
        IDEAS_SHOW,
        IDEAS_EDIT,
        IDEAS_WITHDRAW,
        IDEAS_MERGE,
        IDEAS_ARCHIVE,
        IDEAS_HIDE,
        IDEAS_POLL,
        IDEAS_DRAFT,
    ),
    default=IDEAS_LIST.name,
)
