"""bot/paging: page arithmetic, several lists shown one after another, typed "page N", the
Previous/Next buttons and what they carry."""

from __future__ import annotations

from bot.paging import NEXT, PREVIOUS, Page, asked_page, page_choices, past_end, pressed_page


def test_page_counts_offsets_and_the_end() -> None:
    assert Page(1, 0).count == 1
    assert Page(1, 10).count == 1
    assert Page(1, 11).count == 2
    assert Page(3, 25, size=10).offset == 20
    assert Page(4, 30).past_end
    assert not Page(3, 30).past_end
    assert Page(2, 68).line == "Page 2 of 7 (68 in all)."
    assert "There is no page 9: the list has 7 pages now" in past_end(Page(9, 68), "/ideas")
    assert "/ideas page 7 for the last" in past_end(Page(9, 68), "/ideas")


def test_within_several_lists_shown_one_after_another() -> None:
    assert Page(1, 25).within(7, 18) == [(0, 7), (0, 3)]
    assert Page(2, 25).within(7, 18) == [(7, 0), (3, 10)]
    assert Page(3, 25).within(7, 18) == [(7, 0), (13, 5)]
    assert Page(1, 5).within(0, 5) == [(0, 0), (0, 5)]
    assert Page(2, 30).within(30, 0) == [(10, 10), (0, 0)]


def test_typed_page() -> None:
    assert asked_page("", "/ideas") == asked_page("  ", "/ideas")
    assert asked_page("page 3", "/ideas").number == 3
    assert asked_page("PAGE 3", "/ideas").number == 3
    found = asked_page("all page 12", "/events all")
    assert (found.rest, found.number, found.problem) == ("all", 12, "")
    assert asked_page("night buses", "/ideas search").rest == "night buses"
    assert asked_page("pages of it", "/x").rest == "pages of it"  # "page" only as a word
    for bad in ("page 0", "page two", "page", "page 99999999999999999999"):
        assert "is not a page" in asked_page(bad, "/ideas").problem, bad
    assert "type /ideas page 2" in asked_page("page x", "/ideas").problem


def test_buttons_carry_the_page_and_the_extra() -> None:
    assert page_choices("p", Page(1, 5)) == ()
    [first] = page_choices("p", Page(1, 30))
    assert (first.label, first.value) == (NEXT, "p:2")
    back, on = page_choices("p", Page(2, 30), "night buses")
    assert (back.label, back.value) == (PREVIOUS, "p:1:night buses")
    assert on.value == "p:3:night buses"
    [last] = page_choices("p", Page(3, 30))
    assert last.label == PREVIOUS
    assert pressed_page("3:night buses") == (3, "night buses")
    assert pressed_page("2") == (2, "")
    assert pressed_page("x") == (None, "")
