"""Start-up loads what every start needs; feature libraries load when first used.

Measured through the real CLI in bench/startup.py; here, only which libraries a start
with every feature's router imports (in a fresh interpreter, so other tests don't count).
"""

from __future__ import annotations

import subprocess
import sys

LOADED_WHEN_FIRST_USED = ("alembic", "dateparser", "feedparser", "httpx", "icalendar", "jinja2")
"""Migrations (only when the schema is behind), reading typed dates, reading feeds, making
calendars, rendering web pages."""


def test_building_every_feature_imports_no_feature_library() -> None:
    wanted = set(LOADED_WHEN_FIRST_USED)
    script = (
        "import sys\n"
        "from bot.app import build_router\n"
        "build_router()\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {wanted!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
