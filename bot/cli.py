"""`clpbot`: run the bot, upgrade the database, and the officers' command-line tools."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bot.adapter import StartError
from bot.config import Config
from bot.configfile import ConfigError, load_config

EXIT_FAILED = 1
EXIT_CONFIG = 2
SUBMISSION_STATUSES = (
    "draft", "in_review", "returned", "equalities_review", "approved", "submitted", "withdrawn",
)  # fmt: skip


def _version() -> str:
    try:
        return version("clp-bot")
    except PackageNotFoundError:
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clpbot", description="A chat bot for a Constituency Labour Party."
    )
    parser.add_argument("--version", action="version", version=f"clpbot {_version()}")
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING or ERROR")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="start every enabled adapter and serve until stopped")
    _config_option(run)
    run.add_argument(
        "--only",
        action="append",
        choices=("console", "telegram", "discord"),
        help="run just this enabled platform here (repeatable): one process per platform",
    )

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    _config_option(db_commands.add_parser("upgrade", help="apply every pending migration"))

    digest = commands.add_parser("digest", help="print this week's digest for the newsletter")
    digest.add_argument("--format", choices=("md", "html"), default="md")
    _config_option(digest)

    export = commands.add_parser("export", help="export data for officers")
    export_commands = export.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    submissions = export_commands.add_parser(
        "submissions", help="policy submissions and motions, text for the Policy Forum website"
    )
    submissions.add_argument("--format", choices=("md", "csv", "json"), default="md")
    submissions.add_argument(
        "--status",
        choices=SUBMISSION_STATUSES,
        help="only drafts in this state (default: everything sent for review)",
    )
    _config_option(submissions)
    return parser


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="the TOML config file (default: none)")


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
        level=getattr(logging, str(args.log_level).upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in QUIET_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        config = load_config(args.config)
    except ConfigError as error:
        print(f"clpbot: {error}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        return _dispatch(args, config)
    except StartError as error:
        print(f"clpbot: {error.key}: {error}" if error.key else f"clpbot: {error}", file=sys.stderr)
        return EXIT_CONFIG if error.key else EXIT_FAILED
    except KeyboardInterrupt:
        return 130


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
        from bot.app import open_storage

        async def upgrade() -> None:
            storage = await open_storage(config)
            await storage.close()

        asyncio.run(upgrade())
        print("database is up to date")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
