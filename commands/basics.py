"""/start, /help, /whoami, /training, /cancel and /back: the commands every bot has."""

from __future__ import annotations

from bot import conversation
from bot.commands import ArgSpec, CommandSpec
from bot.context import Context
from bot.model import OutgoingMessage
from bot.richtext import Block, b, bullets, code, link, p, shorten
from bot.router import Route, Router
from commands.officers.render import can_do, platform_source

router = Router("basics")

START = CommandSpec(
    "start", "Welcome, and what this bot does", args=(ArgSpec("topic", "Where to begin"),)
)
HELP = CommandSpec(
    "help",
    "The commands you can use",
    args=(ArgSpec("command", "A command to explain"),),
    help="Lists the commands you may use. Give a command's name for details and an example.",
    example="/help submit",
)
WHOAMI = CommandSpec("whoami", "Who the bot thinks you are: your account, offices and role")
TRAINING = CommandSpec("training", "Training and political education resources")
CANCEL = CommandSpec("cancel", "Stop what you are doing (nothing saved is lost)")
BACK = CommandSpec("back", "Go back one step in a conversation")


@router.command(START)
async def start(ctx: Context) -> None:
    """The welcome. A deep link naming a command (t.me/bot?start=submit) never lands here:
    the dispatcher feeds it back as that command, checked like any other."""
    name = ctx.config.clp.name
    await ctx.reply(
        OutgoingMessage(
            blocks=(
                p("Welcome to the ", b(name), " bot."),
                p("I help members take part in Labour's policy-making and political education:"),
                bullets(
                    "draft policy submissions and motions (/submit)",
                    "see and join talks and training (/events)",
                    "learn about national training (/training)",
                ),
                p("Please read our code of conduct with /conduct. Type /help for every command."),
            )
        )
    )


@router.command(HELP)
async def help_(ctx: Context) -> None:
    registry = ctx.services.registry
    wanted = ctx.args.strip().lstrip("/").lower()
    if wanted:
        route = registry.commands.get(wanted)
        if route is None or not route.spec.access.allows(ctx.permissions):
            await ctx.reply(
                f"There is no command /{shorten(wanted)} for you. Type /help to list them."
            )
            return
        await ctx.reply(_details(route, registry.subcommands.values(), ctx))
        return
    lines = [
        (code(f"/{r.spec.name}"), f" — {r.spec.description}")
        for r in registry.commands.values()
        if r.spec.access.allows(ctx.permissions) and not r.spec.hidden
    ]
    await ctx.reply(
        OutgoingMessage(
            blocks=(
                p(b("Commands you can use")),
                bullets(*lines),
                p("Type /help and a command's name for details, for example /help submit."),
            )
        )
    )


def _details(route: Route, subroutes: object, ctx: Context) -> OutgoingMessage:
    spec = route.spec
    blocks: list[Block] = [p(b(spec.usage()), f" — {spec.description}")]
    if spec.help:
        blocks.append(p(spec.help))
    if spec.args:
        blocks.append(bullets(*((code(a.name), f": {a.description}") for a in spec.args)))
    subs = [s for s in spec.subcommands if s.access.allows(ctx.permissions)]
    if subs:
        blocks.append(bullets(*((code(s.usage(spec.name)), f" — {s.description}") for s in subs)))
    if spec.example:
        blocks.append(p("Example: ", code(spec.example)))
    return OutgoingMessage(blocks=tuple(blocks))


@router.command(WHOAMI)
async def whoami(ctx: Context) -> None:
    who = ctx.sender
    blocks: list[Block] = [
        p("You are ", b(who.display_name), f" on {who.platform.title()} (id {who.user_id})."),
        p(f"Your role here: {ctx.role_name}."),
    ]
    if ctx.offices:
        blocks.append(p("Your offices: ", b(", ".join(ctx.offices)), "."))
    if ctx.platform_officer:
        blocks.append(p(f"You are {platform_source(who.platform)}: every permission."))
    if ctx.is_officer:
        blocks.append(p("You can: ", can_do(ctx.permissions), "."))
    await ctx.reply(OutgoingMessage(blocks=tuple(blocks)))


@router.command(TRAINING)
async def training(ctx: Context) -> None:
    resources = ctx.config.training.resources
    if not resources:
        await ctx.reply(
            "No training resources are listed yet. Ask your Political Education Officer."
        )
        return
    items = [
        (link(r.title, r.url), f" — {r.description}" if r.description else "") for r in resources
    ]
    await ctx.reply(
        OutgoingMessage(blocks=(p(b("Training and political education")), bullets(*items)))
    )


@router.command(CANCEL)
async def cancel(ctx: Context) -> None:
    ended = await conversation.cancel(ctx)
    if ended is None:
        await ctx.reply("There is nothing to cancel.")
        return
    flow = ctx.services.registry.flows.get(ended.flow)
    command = (flow.command if flow is not None else None) or ended.flow.replace("_", " ")
    await ctx.reply(f"Stopped /{command}. Anything already saved is kept.")


@router.command(BACK)
async def back(ctx: Context) -> None:
    state = await conversation.current(ctx)
    flow = ctx.services.registry.flows.get(state.flow) if state else None
    if state is None or flow is None:
        await ctx.reply("You are not in the middle of anything, so there is no step to go back to.")
        return
    await conversation.back(ctx, flow, state)
