"""parse_feed's links and de-duplication keys: relative links resolve against the feed's
URL the same way whether feedparser resolves them (a feed with its own xml:base, or a guid
marked isPermaLink) or parse_feed does afterwards (every other feed)."""

from __future__ import annotations

from commands.feeds.parse import feed_key, parse_feed

URL = "http://example.org/feeds/feed.xml"


def _rss(items: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Forum</title>'
        f"<link>http://example.org/</link><description>x</description>{items}</channel></rss>"
    ).encode()


def test_relative_links_and_guids_resolve_against_the_feed_url() -> None:
    feed = _rss(
        "<item><title>A</title><link>/c/1</link><guid>/g/1</guid></item>"
        "<item><title>B</title><link>c/2</link></item>"
        "<item><title>C</title><guid>g/3</guid></item>"
        "<item><title>D</title><link>javascript:alert(1)</link><guid>urn:clp:4</guid></item>"
    )
    parsed = parse_feed(feed, URL, {"Content-Type": "application/rss+xml"}, [])
    assert [(e.title, e.link) for e in parsed.entries] == [
        ("A", "http://example.org/c/1"),
        ("B", "http://example.org/feeds/c/2"),
        ("C", "http://example.org/feeds/g/3"),
        ("D", ""),
    ]
    assert [e.key for e in parsed.entries] == [
        feed_key("http://example.org/g/1", ""),
        feed_key("", "http://example.org/feeds/c/2"),
        feed_key("http://example.org/feeds/g/3", ""),
        feed_key("urn:clp:4", ""),
    ]


def test_a_guid_that_is_not_a_permalink_stays_as_written() -> None:
    feed = _rss(
        '<item><title>A</title><link>/c/1</link><guid isPermaLink="false">abc-1</guid></item>'
    )
    (entry,) = parse_feed(feed, URL, {"Content-Type": "application/rss+xml"}, []).entries
    assert (entry.link, entry.key) == ("http://example.org/c/1", feed_key("abc-1", ""))


def test_the_feeds_own_base_wins_over_its_url() -> None:
    feed = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"'
        b' xml:base="http://base.example/d/"><title>t</title>'
        b'<entry><title>T</title><link href="e/1"/><id>e-1</id></entry></feed>'
    )
    (entry,) = parse_feed(feed, URL, {"Content-Type": "application/atom+xml"}, []).entries
    assert entry.link == "http://base.example/d/e/1"
    assert entry.key == feed_key("http://base.example/d/e-1", "")
