"""`clpbot`: run the bot, upgrade the database, and the officers' command-line tools."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Collection
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bot.adapter import StartError
from bot.config import Config
from bot.configfile import (
    DEFAULT_CONFIG,
    ConfigError,
    database_url_problem,
    default_config_path,
    load_config,
)
from bot.stores.submissions import Status

log = logging.getLogger("clpbot.cli")
EXIT_FAILED = 1
EXIT_CONFIG = 2
SUBMISSION_STATUSES = tuple(status.value for status in Status)


def _version() -> str:
    try:
        return version("clp-bot")
    except PackageNotFoundError:
        return "unknown"


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
PLATFORMS = ("console", "telegram", "discord", "web")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clpbot", description="A chat bot for a Constituency Labour Party."
    )
    parser.add_argument("--version", action="version", version=f"clpbot {_version()}")
    _log_level_option(parser, default="INFO")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = _command(commands, "run", "start every enabled adapter and serve until stopped")
    run.add_argument(
        "--only",
        action="append",
        choices=PLATFORMS,
        help="run just this enabled platform (or the web server) here (repeatable): one"
        " process per platform",
    )

    db = commands.add_parser("db", help="database maintenance (needs no platform secrets)")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    _command(db_commands, "upgrade", "apply every pending migration and say what was done")
    backup = _command(db_commands, "backup", "a consistent copy of the SQLite database")
    backup.add_argument("file", type=Path, help="the copy to write (must not exist yet)")
    restore = _command(db_commands, "restore", "replace the SQLite database (bot stopped)")
    restore.add_argument("file", type=Path, help="a copy written by `clpbot db backup`")
    copy = _command(db_commands, "copy", "copy every row into another, empty database")
    copy.add_argument("--to", required=True, metavar="URL", help="the database to fill")

    digest = _command(commands, "digest", "print this week's digest for the newsletter")
    digest.add_argument("--format", choices=("md", "html"), default="md")

    export = commands.add_parser("export", help="export data for officers")
    export_commands = export.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    submissions = _command(
        export_commands,
        "submissions",
        "policy submissions (text for the Policy Forum website) and motions",
    )
    submissions.add_argument("--format", choices=("md", "csv", "json"), default="md")
    submissions.add_argument(
        "--status",
        choices=SUBMISSION_STATUSES,
        help="only drafts in this state (default: everything sent for review)",
    )
    return parser


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str
) -> argparse.ArgumentParser:
    """A command taking --config and --log-level (so either may come after its name)."""
    command = commands.add_parser(name, help=summary)
    command.add_argument(
        "--config",
        type=Path,
        help=f"the TOML config file (default: ./{DEFAULT_CONFIG} if there is one)",
    )
    _log_level_option(command, default=argparse.SUPPRESS)
    return command


def _log_level_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        default=default,
        help="DEBUG, INFO (the default), WARNING or ERROR",
    )


QUIET_LOGGERS = (
    "httpx",
    "httpcore",
    "apscheduler",
    "alembic",
    "discord",
    "telegram",
    # the database drivers log statements with their values and rows at debug level:
    # that would tie members to anonymous ballots, so they stay quiet at any --log-level
    "aiosqlite",
    "sqlalchemy",
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, args.log_level),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in QUIET_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    path = default_config_path(args.config)
    if path is not None and args.config is None:
        log.info("using %s from the working directory (no --config given)", path.resolve())
    try:
        config = load_config(path, connects=_platforms_used(args))
    except ConfigError as error:
        for line in str(error).splitlines():
            print(f"clpbot: {line}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        return _dispatch(args, config)
    except StartError as error:
        print(f"clpbot: {error.key}: {error}" if error.key else f"clpbot: {error}", file=sys.stderr)
        return EXIT_CONFIG if error.key else EXIT_FAILED
    except KeyboardInterrupt:
        return 130


def _platforms_used(args: argparse.Namespace) -> Collection[str] | None:
    """The platforms whose secrets this command needs: only `run` connects to any (all the
    enabled ones, or those given with --only)."""
    if args.command != "run":
        return ()
    only: list[str] | None = args.only
    return only


def _dispatch(args: argparse.Namespace, config: Config) -> int:
    if args.command == "run":
        from bot.app import App

        disabled = [name for name in args.only or () if not getattr(config, name).enabled]
        if disabled:
            print(
                f"clpbot: --only {disabled[0]}: enable [{disabled[0]}] in the config",
                file=sys.stderr,
            )
            return EXIT_CONFIG
        asyncio.run(App(config, only=args.only).run())
        return 0
    if args.command == "digest":
        from bot.app import digest_for_newsletter

        sys.stdout.write(asyncio.run(digest_for_newsletter(config, args.format)))
        return 0
    if args.command == "export":
        from bot.app import export_submissions

        sys.stdout.write(asyncio.run(export_submissions(config, args.format, args.status)))
        return 0
    if args.command == "db":
        from bot.app import maintain_database

        problem = database_url_problem(args.to) if args.db_command == "copy" else None
        if problem:
            print(f"clpbot: --to: {problem}", file=sys.stderr)
            return EXIT_CONFIG

        target = getattr(args, "file", None) or getattr(args, "to", None)
        print(asyncio.run(maintain_database(config, args.db_command, target)))
        return 0
    return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
