"""Export for the Policy Forum website: Markdown, CSV or JSON, grouped by commission.

The submitter is always "<CLP> CLP"; members are named only when the author agreed.
Member text is escaped in Markdown and cannot run as a formula in the CSV (bot/exports.py).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.config import Config
from bot.exports import md_escape, spreadsheet_csv
from bot.stores import UnitOfWork
from bot.stores.submissions import SUBMISSIONS, Draft, Kind, Status
from commands.submissions.fields import word_count
from commands.submissions.milestones import LABELS, MOTION_KEYS, milestones

FORMATS = ("md", "csv", "json")
EXPORTED = (
    Status.IN_REVIEW,
    Status.EQUALITIES_REVIEW,
    Status.APPROVED,
    Status.SUBMITTED,
    Status.AT_MEETING,
    Status.CARRIED,
    Status.SENT,
)
"""Everything sent for review and not returned, withdrawn or fallen (the default)."""
SECTIONS = {
    "problem": "The problem",
    "proposal": "Our proposal",
    "evidence": "Local evidence and impact",
}
NO_COMMISSION = "No commission given"
CSV_COLUMNS = (
    "id", "kind", "commission", "consultation", "title", "status", "submitter", "problem",
    "proposal", "evidence", "motion", "words", "over_word_limit", "submitted_on",
    *MOTION_KEYS,
)  # fmt: skip
"""`submitted_on`: a submission's day at the Policy Forum; MOTION_KEYS: a motion's General
Meeting, carried or fell, sent to Annual Conference."""


async def export_text(
    uow: UnitOfWork, config: Config, fmt: str, status: str | None, today: date
) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use md, csv or json")
    statuses = (Status(status),) if status else EXPORTED
    drafts = await uow.get(SUBMISSIONS).with_status(*statuses)
    return render(drafts, fmt, config, today)


def render(drafts: list[Draft], fmt: str, config: Config, today: date) -> str:
    records = [_record(d, config) for d in drafts]
    if fmt == "json":
        return _json(records, config, today)
    if fmt == "csv":
        return _csv(records)
    return _markdown(records, config, today)


def clp_submitter(config: Config) -> str:
    name = config.clp.name.strip()
    return name if name.upper().endswith("CLP") else f"{name} CLP"


def _record(draft: Draft, config: Config) -> dict[str, Any]:
    motion = str(draft.fields.get("motion") or "")
    words = word_count(motion) if draft.kind is Kind.MOTION else None
    submitter = clp_submitter(config)
    if draft.show_name:
        names = ", ".join([draft.author.display_name, *draft.listed_coauthors])
        submitter += f" (drafted by {names})"
    record: dict[str, Any] = {
        "id": draft.id,
        "kind": draft.kind.value if draft.kind else "",
        "commission": (draft.commission or NO_COMMISSION) if draft.kind is Kind.SUBMISSION else "",
        "consultation": draft.fields.get("consultation_title") or "",
        "title": draft.title,
        "status": draft.status.value,
        "submitter": submitter,
        "words": words,
        "over_word_limit": words is not None and words > config.policy.motion_max_words,
        "submitted_on": draft.forum_submitted_on.isoformat() if draft.forum_submitted_on else "",
    }
    record.update(dict.fromkeys(MOTION_KEYS, ""))
    if draft.kind is Kind.MOTION:
        record.update((m.key, m.on.isoformat()) for m in milestones(draft))
    for name in ("problem", "proposal", "evidence", "motion"):
        record[name] = str(draft.fields.get(name) or "") if _belongs(draft, name) else ""
    return record


def _belongs(draft: Draft, name: str) -> bool:
    return (name == "motion") == (draft.kind is Kind.MOTION)


def _groups(records: list[dict[str, Any]], config: Config) -> dict[str, list[dict[str, Any]]]:
    order = {name: n for n, name in enumerate(config.policy.commissions)}
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record["kind"] == Kind.SUBMISSION.value:
            groups.setdefault(record["commission"], []).append(record)
    return dict(sorted(groups.items(), key=lambda g: (order.get(g[0], len(order)), g[0])))


def _markdown(records: list[dict[str, Any]], config: Config, today: date) -> str:
    limit = config.policy.motion_max_words
    out = [f"# Policy submissions from {clp_submitter(config)}", "", f"Exported {today:%d %B %Y}."]
    for commission, items in _groups(records, config).items():
        out += ["", f"## {md_escape(commission)}"]
        for r in items:
            out += ["", f"### {md_escape(r['title'])}", "", *_meta(r)]
            for name, heading in SECTIONS.items():
                if r[name]:
                    out += ["", f"**{heading}**", "", md_escape(r[name])]
    motions = [r for r in records if r["kind"] == Kind.MOTION.value]
    if motions:
        out += ["", "## Contemporary motions to conference"]
        for r in motions:
            flag = f" — OVER {limit} WORDS ({r['words']})" if r["over_word_limit"] else ""
            out += ["", f"### {md_escape(r['title'])}{flag}", "", *_meta(r)]
            out += ["", md_escape(r["motion"])]
            out += ["", f"_{r['words']}/{limit} words_"]
    if not records:
        out += ["", "Nothing to export."]
    return "\n".join(out) + "\n"


def _meta(record: dict[str, Any]) -> list[str]:
    status = Status(record["status"]).label
    submitter = md_escape(record["submitter"])
    lines = [f"Submitted by: {submitter}  ", f"Status: {status} (#{record['id']})  "]
    if record["consultation"]:
        lines.append(f"Consultation: {md_escape(record['consultation'])}  ")
    if record["submitted_on"]:
        lines.append(f"Submitted to the Policy Forum on: {record['submitted_on']}  ")
    lines += [f"{LABELS[key]}: {record[key]}  " for key in MOTION_KEYS if record[key]]
    return lines


def _csv(records: list[dict[str, Any]]) -> str:
    ordered = sorted(records, key=lambda r: (r["kind"], r["commission"], r["id"]))
    return spreadsheet_csv([CSV_COLUMNS, *([r[k] for k in CSV_COLUMNS] for r in ordered)])


def _json(records: list[dict[str, Any]], config: Config, today: date) -> str:
    document = {
        "clp": clp_submitter(config),
        "exported_on": today.isoformat(),
        "motion_max_words": config.policy.motion_max_words,
        "commissions": [
            {"commission": name, "submissions": items}
            for name, items in _groups(records, config).items()
        ],
        "motions": [r for r in records if r["kind"] == Kind.MOTION.value],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
