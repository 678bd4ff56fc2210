"""/mydata: a member gets, privately, one JSON file with everything held about them on
every linked account, each section explained; anonymous ballots only while linkable."""

from __future__ import annotations

from pathlib import Path

from tests.commands.privacy_support import (
    json_attachment,
    platforms,
    privacy_config,
    seed_everything,
)
from tests.support import FrozenClock, running_app


async def test_the_file_lists_everything_on_both_platforms(
    tmp_path: Path, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    config = privacy_config(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    async with running_app(config, tg, dc, clock=clock) as app:
        seeded = await seed_everything(app, tg, dc)
        await dc.command("/mydata", user="ann-dc")
        reply = dc.last()
        assert reply.chat.is_private
        assert "Everything the bot holds about you" in reply.text
        document = json_attachment(dc, "ann-dc")

    assert sorted(document["accounts"]) == ["discord:ann-dc", "telegram:ann"]
    sections = document["sections"]
    for section in sections.values():
        assert section["explanation"]  # a person can read what each part is
    submissions = sections["submissions"]["data"]
    titles = sorted(d["title"] for d in submissions["drafts_you_wrote"])
    assert titles == ["Night buses", "Safer crossings", "X"]
    forum = next(d for d in submissions["drafts_you_wrote"] if d["title"] == "Night buses")
    assert forum["co_authors"] == ["Cat"]
    assert forum["sent_to_the_policy_forum_on"] == "2026-02-20"
    assert [h["action"] for h in forum["history"]] == ["sent for review", "marked submitted"]
    assert [d["number"] for d in submissions["drafts_naming_you_as_co_author"]] == [
        seeded.bobs_draft
    ]
    [reply_to_event] = sections["events"]["data"]
    assert reply_to_event["event"] == seeded.event
    assert reply_to_event["access_needs"] == "Step-free access"
    ideas = sections["ideas"]["data"]
    assert [i["text"] for i in ideas["ideas_you_put_forward"]] == [
        "Free school meals",
        "Night tube",
        "Rent caps",
    ]
    assert [i["number"] for i in ideas["ideas_you_support"]] == [seeded.bobs_idea]
    ballots = {b["poll"]: b for b in sections["polls"]["data"]["your_ballots"]}
    assert ballots[seeded.open_poll]["your_choices"] == ["NHS"]
    assert "can no longer be linked to you" in ballots[seeded.open_poll]["note"]
    assert ballots[seeded.closed_poll]["your_choices"] == ["Monday"]
    assert "not listed" in sections["polls"]["data"]["not_listed"]
    assert sorted(s["platform"] for s in sections["digest_subscriptions"]["data"]) == [
        "discord",
        "telegram",
    ]
    records = {r["platform"]: r for r in sections["member_record"]["data"]}
    assert sorted(records) == ["discord", "telegram"]
    assert records["discord"]["agreed_to_code_of_conduct_at"].startswith("2026-03-02")
    assert records["telegram"]["role_last_seen_with"] == "member"
    [conversation] = sections["conversations"]["data"]
    assert conversation["platform"] == "discord"
    assert conversation["conversation"] == "submit"
    changes = [e["detail"] for e in sections["audit_log"]["data"]]
    assert changes == ["role changed from member to officer", "role changed from officer to member"]
    assert sections["accounts"]["data"]["person_number"] == seeded.person


async def test_anonymous_ballot_is_not_in_the_file_after_the_close(
    tmp_path: Path, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    config = privacy_config(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    async with running_app(config, tg, dc, clock=clock) as app:
        seeded = await seed_everything(app, tg, dc)
        await tg.command(f"/poll close {seeded.open_poll}", user="olive")
        await tg.command("/mydata", user="ann")
        document = json_attachment(tg, "ann")
    polls = document["sections"]["polls"]
    assert [b["poll"] for b in polls["data"]["your_ballots"]] == [seeded.closed_poll]
    assert "can no longer" in polls["explanation"] or "not even the bot" in polls["explanation"]


async def test_mydata_in_a_group_goes_private(tmp_path: Path, clock: FrozenClock) -> None:
    tg, dc = platforms()
    config = privacy_config(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    async with running_app(config, tg, dc, clock=clock):
        await tg.command("/mydata", user="ann", group="members")
        reply = tg.last()
        assert reply.message.attachment is None
        assert "in private" in reply.text
