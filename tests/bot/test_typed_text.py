"""What members type is cleaned once, where the event is made: control characters (but
newline and tab), bidirectional overrides and isolates go; lone surrogates become U+FFFD.
Through the fake adapter onto SQLite and PostgreSQL, which both refuse the raw text."""

from __future__ import annotations

from hypothesis import given, settings

from adapters.fake import FakeAdapter
from bot.model import ChatKind, ChatRef, CommandEvent, FormEvent, Identity, TextEvent
from bot.stores.ideas import IDEAS
from bot.typed_text import clean_typed
from tests.hostile.strategies import hostile_text
from tests.support import FrozenClock, make_config, running_app

HOSTILE = (
    '=HYPERLINK("x")\x00 \x07bell \x1b[31mred\x1b[0m \u202egnp.exe\u202c \u2066iso\u2069 \ud800!'
)
CLEANED = '=HYPERLINK("x") bell [31mred[0m gnp.exe iso \ufffd!'
CHAT = ChatRef("fake", "ann", ChatKind.PRIVATE)


def test_controls_bidi_overrides_and_lone_surrogates() -> None:
    assert clean_typed(HOSTILE) == CLEANED
    assert clean_typed("line\r\nnext\rlast\ttab") == "line\nnext\nlast\ttab"
    assert clean_typed("\ud83d\ude00 split pair") == "\U0001f600 split pair"
    assert clean_typed("\x85\x9f\x7f") == ""
    plain = "Buses, housing & the NHS 🏳️‍🌈 ١٢ é"
    assert clean_typed(plain) is plain  # nothing to do: no copy


@settings(deadline=None, derandomize=True, max_examples=300)
@given(hostile_text())
def test_cleaned_text_is_clean_storable_and_stays_put(text: str) -> None:
    cleaned = clean_typed(text)
    assert clean_typed(cleaned) == cleaned
    cleaned.encode("utf-8")  # no lone surrogate left: every database and platform takes it
    for c in cleaned:
        assert c in "\n\t" or not (c < " " or "\x7f" <= c <= "\x9f")
        assert not "\u202a" <= c <= "\u202e"
        assert not "\u2066" <= c <= "\u2069"


def test_every_typed_field_of_an_event_is_cleaned() -> None:
    who = Identity("fake", "ann", "Ann\u202e\x00")
    assert who.display_name == "Ann"
    assert CommandEvent(sender=who, chat=CHAT, name="idea", args=HOSTILE).args == CLEANED
    assert TextEvent(sender=who, chat=CHAT, text=HOSTILE).text == CLEANED
    form = FormEvent(sender=who, chat=CHAT, form_id="f", fields={"title": HOSTILE})
    assert form.fields == {"title": CLEANED}


async def test_an_idea_with_nul_and_a_lone_surrogate_is_stored_on_either_database(
    storage_url: str, clock: FrozenClock
) -> None:
    fake = FakeAdapter()
    async with running_app(make_config(storage_url), fake, clock=clock) as app:
        await fake.command(f"/idea {HOSTILE}", user="ann")
        assert "idea #1 is recorded" in fake.pop_all()[-1].text
        await fake.command("/ideas show 1", user="ann")
        assert CLEANED in fake.last().text
        async with app.storage.unit() as uow:
            idea = await uow.get(IDEAS).get(1)
    assert idea is not None
    assert idea.text == CLEANED
