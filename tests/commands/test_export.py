"""Export for the Policy Forum: md, csv and json, grouped by commission, motions flagged."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

from bot.config import Config
from bot.model import Identity
from bot.stores.submissions import CoAuthor, Draft, Kind, Status
from commands.submissions.export import render
from tests.commands.submit_support import send_submission, submit_config, telegram_fake
from tests.support import FrozenClock, make_config, running_app

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


def draft(number: int, kind: Kind, show_name: bool = False, **fields: str) -> Draft:
    return Draft(
        id=number,
        author=Identity("telegram", "1", "Ann Author"),
        created_at=NOW,
        updated_at=NOW,
        kind=kind,
        status=Status.APPROVED,
        fields=dict(fields),
        coauthors=[CoAuthor(Identity("telegram", "2", "Bob"), accepted=True)],
        show_name=show_name,
    )


def drafts() -> list[Draft]:
    return [
        draft(1, Kind.SUBMISSION, commission="Safer streets", title="Buses", problem="Dark"),
        draft(2, Kind.MOTION, title="Long motion", motion=" ".join(["w"] * 262)),
        draft(3, Kind.SUBMISSION, commission="Kickstart economic growth", title="Jobs"),
        draft(4, Kind.MOTION, True, title="Short motion", motion="We call for buses."),
    ]


def config() -> Config:
    return make_config("sqlite+aiosqlite:///never-opened.sqlite3", clp={"name": "Hometown"})


def test_markdown_groups_by_commission_and_flags_long_motions() -> None:
    text = render(drafts(), "md", config(), TODAY)
    assert text.startswith("# Policy submissions from Hometown CLP")
    assert text.index("## Kickstart economic growth") < text.index("## Safer streets")
    assert text.index("## Safer streets") < text.index("## Contemporary motions")
    assert "### Long motion — OVER 250 WORDS (262)" in text
    assert "### Short motion\n" in text
    assert "**The problem**\n\nDark" in text


def test_members_are_named_only_when_the_author_agreed() -> None:
    text = render(drafts(), "md", config(), TODAY)
    assert "Submitted by: Hometown CLP  \n" in text
    assert "Submitted by: Hometown CLP (drafted by Ann Author, Bob)" in text
    assert text.count("Ann Author") == 1


def test_csv_has_one_row_per_draft() -> None:
    rows = list(csv.DictReader(io.StringIO(render(drafts(), "csv", config(), TODAY))))
    assert sorted(r["title"] for r in rows) == ["Buses", "Jobs", "Long motion", "Short motion"]
    long_motion = next(r for r in rows if r["title"] == "Long motion")
    assert (long_motion["words"], long_motion["over_word_limit"]) == ("262", "True")
    assert all(r["submitter"].startswith("Hometown CLP") for r in rows)


def test_json_groups_by_commission() -> None:
    document = json.loads(render(drafts(), "json", config(), TODAY))
    assert document["clp"] == "Hometown CLP"
    assert [g["commission"] for g in document["commissions"]] == [
        "Kickstart economic growth",
        "Safer streets",
    ]
    assert [m["over_word_limit"] for m in document["motions"]] == [True, False]


async def test_review_export_sends_a_markdown_file(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await send_submission(fake, title="Night buses")
        await fake.command("/review export", user="olive")
        sent = fake.pop()
        assert sent.message.attachment is not None
        assert sent.message.attachment.filename == "submissions-2026-03-02.md"
        content = sent.message.attachment.content.decode()
        assert "## Safer streets" in content
        assert "### Night buses" in content
        assert "Ann" not in content
        await fake.command("/review export approved", user="olive")
        attachment = fake.pop().message.attachment
        assert attachment is not None
        assert "Night buses" not in attachment.content.decode()
        await fake.command("/review export finished", user="olive")
        assert "“finished” is not a status" in fake.pop().text


HOSTILE_TITLE = '=HYPERLINK("https://evil.example","Click") <every> ### \x1b[31mred\u202e'


def hostile_draft(show_name: bool = True) -> Draft:
    hostile = draft(
        7,
        Kind.SUBMISSION,
        show_name,
        commission="Safer streets",
        title=HOSTILE_TITLE,
        problem="### Not a heading\n<every>\n- not a list\n[link](https://evil.example) *x*",
        consultation_title="@SUM(1+1)",
    )
    hostile.author = Identity("telegram", "1", "+Ann\u202e <b>")
    return hostile


def test_markdown_escapes_member_text() -> None:
    text = render([hostile_draft()], "md", config(), TODAY)
    title = '### \\=HYPERLINK("https://evil.example","Click") \\<every\\> \\#\\#\\# \\[31mred\n'
    assert title in text
    assert "\\#\\#\\# Not a heading\n\\<every\\>\n\\- not a list\n\\[link\\](https" in text
    assert "(drafted by +Ann \\<b\\>, Bob)" in text
    assert "Consultation: @SUM(1+1)" in text
    assert not any(c in text for c in "\x1b\u202e")
    assert "<every>" not in text
    assert "\n### Not" not in text


def test_csv_cells_cannot_run_as_formulas() -> None:
    [row] = csv.DictReader(io.StringIO(render([hostile_draft()], "csv", config(), TODAY)))
    assert row["title"] == "'" + '=HYPERLINK("https://evil.example","Click") <every> ### [31mred'
    assert row["consultation"] == "'@SUM(1+1)"
    assert row["submitter"] == "Hometown CLP (drafted by +Ann <b>, Bob)"  # not at the start
