"""Feed bytes to consultation entries: feedparser, plain text, de-duplication keys.

Everything here is blocking and CPU-bound (feedparser manages about 1,250 entries a
second), so `parse_feed` is meant to run in a worker thread.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from commands.consultations.dates import parse_moment
from commands.feeds.plaintext import html_to_text, one_line

_RESOLVE_IN_PLACE = re.compile(
    rb"base\s*=|about\s*=|ispermalink|href\s*=\s*(?:\"\s*\"|'\s*')", re.IGNORECASE
)
"""What only feedparser can resolve right: its own base (xml:base), an rdf:about id (kept
unresolved), a guid marked isPermaLink (resolved or not by that flag), an empty href."""
CLOSE_KEYS = ("closes", "closing_date", "closingdate", "ev_enddate", "enddate")
"""Where an entry may say when it closes (namespaced elements feedparser keeps as keys)."""
_CLOSES = re.compile(
    r"\b(?:closes|closing(?:\s+date)?|deadline|open\s+until)\s*(?:is|:|-|–)?\s*(?:on\s+)?"
    r"(?P<when>[^.;!?()\n]{3,60})",
    re.IGNORECASE,
)
LONDON = ZoneInfo("Europe/London")
SUMMARY_MAX = 2000
TITLE_MAX = 500


@dataclass(frozen=True, slots=True)
class FeedEntry:
    key: str
    title: str
    link: str
    summary: str
    published: datetime | None
    closes: datetime | None
    commission: str | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    entries: list[FeedEntry]
    problem: str | None
    """Why feedparser thought the feed malformed (`bozo`), if it did."""
    skipped: int = 0
    """Entries with neither a guid nor a link: they cannot be de-duplicated, so are left out."""


def parse_feed(
    content: bytes,
    url: str,
    headers: Mapping[str, str],
    commissions: Sequence[str],
    zone: ZoneInfo = LONDON,
    now: datetime | None = None,
) -> ParsedFeed:
    """The feed's entries; a "Closes 15 January 2027" in a title or summary is read in
    `zone`, a date without a year from the entry's publication (else `now`)."""
    now = now or datetime.now(UTC)
    response_headers = {k.lower(): v for k, v in headers.items()}
    # Relative links are resolved against the feed's URL. feedparser does that itself when
    # given the URL, at the cost of a urljoin for every element (a sixth of the parse), so
    # unless the feed has something only feedparser resolves right (`_RESOLVE_IN_PLACE`),
    # the two fields we use (link, id) are resolved afterwards, exactly as feedparser would.
    # Relative URIs inside summaries would only be resolved in attributes that
    # html_to_text drops, so that pass is skipped.
    import feedparser  # loaded with the first feed read, not at start-up
    from feedparser.urls import make_safe_absolute_uri

    late = _ascii_compatible(content) and _RESOLVE_IN_PLACE.search(content) is None
    response_headers["content-location"] = "" if late else url  # "": no base, still a header
    parsed = feedparser.parse(
        content, response_headers=response_headers, resolve_relative_uris=False
    )
    base = (make_safe_absolute_uri(url, url) or url) if late else ""
    problem = None
    if parsed.get("bozo"):
        problem = f"{type(parsed.get('bozo_exception')).__name__}: {parsed.get('bozo_exception')}"
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    skipped = 0
    for raw in parsed.get("entries", []):
        entry = _entry(raw, commissions, base, zone, now)
        if entry is None:
            skipped += 1
        elif entry.key not in seen:
            seen.add(entry.key)
            entries.append(entry)
    return ParsedFeed(entries, problem, skipped)


def feed_key(guid: str, link: str) -> str | None:
    """The de-duplication key: the guid when the entry has one, else its link."""
    basis = f"guid:{guid}" if guid else f"link:{link}" if link else ""
    return hashlib.sha256(basis.encode()).hexdigest() if basis else None


def safe_link(link: str) -> str:
    """Only web links: a feed must not smuggle a javascript: or data: URL into a chat."""
    link = link.strip()
    return link if urlsplit(link).scheme.lower() in ("http", "https") else ""


def match_commission(text: str, commissions: Sequence[str]) -> str | None:
    folded = text.casefold()
    return next((c for c in commissions if c.casefold() in folded), None)


def _entry(
    raw: Any, commissions: Sequence[str], base: str, zone: ZoneInfo, now: datetime
) -> FeedEntry | None:
    guid = _resolved(base, str(raw.get("id") or "")).strip()
    link = safe_link(_resolved(base, str(raw.get("link") or "")))
    key = feed_key(guid, link)
    if key is None:
        return None
    title = _text(raw.get("title") or "", raw.get("title_detail"))
    title = one_line(title)[:TITLE_MAX] or "Untitled consultation"
    tags = " ".join(str(t.get("term") or "") for t in raw.get("tags") or [])
    summary = _summary(raw)[:SUMMARY_MAX]
    published = _when(raw.get("published_parsed") or raw.get("updated_parsed"))
    return FeedEntry(
        key=key,
        title=title,
        link=link,
        summary=summary,
        published=published,
        closes=closes_of(raw) or closes_in_text(f"{title}\n{summary}", zone, published or now),
        commission=match_commission(f"{title} {tags}", commissions),
    )


def _ascii_compatible(content: bytes) -> bool:
    """UTF-8 and its kin, where `_RESOLVE_IN_PLACE` can be searched in the raw bytes."""
    start = content.removeprefix(b"\xef\xbb\xbf").lstrip()
    return start.startswith(b"<") and b"\x00" not in content


def _resolved(base: str, uri: str) -> str:
    """What feedparser's `resolve_uri` gives for a non-empty value (it leaves "" alone)."""
    if not base or not uri:
        return uri
    try:
        return urljoin(base, uri)
    except ValueError:
        return ""


def _text(value: str, detail: Any) -> str:
    kind = str((detail or {}).get("type") or "text/html")
    return html_to_text(value) if "html" in kind else value


def _summary(raw: Any) -> str:
    content = raw.get("content") or []
    if content:
        first = content[0]
        return _text(str(first.get("value") or ""), first)
    return _text(str(raw.get("summary") or ""), raw.get("summary_detail"))


def _when(parsed: time.struct_time | None) -> datetime | None:
    if parsed is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def closes_in_text(text: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The date in "Closes 15 January 2027", "closing date: 3 March", "closes on Friday
    17 March at 5pm", read with the project's date reader (a day alone: its end, 23:59)."""
    for match in _CLOSES.finditer(text):
        words = match.group("when").split()
        for n in range(len(words), 0, -1):  # the longest start of the phrase that is a date
            moment = parse_moment(" ".join(words[:n]), zone, now, closing=True)
            if moment is not None:
                return moment
    return None


def closes_of(raw: Any) -> datetime | None:
    """A closing date the entry gives in a field of its own (`closes`, `closing_date`...)."""
    for key in CLOSE_KEYS:
        value = raw.get(key)
        if not value:
            continue
        from feedparser.datetimes import _parse_date as parse_feed_date

        parsed = parse_feed_date(str(value))  # the date parser feedparser itself uses
        if parsed is not None:
            return _when(parsed)
    return None
