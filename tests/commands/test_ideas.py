"""Ideas: add (with a commission), list with support, support once each, officers merge,
archive, make a poll from the top ideas and start a draft submission."""

from __future__ import annotations

from adapters.fake import FakeAdapter
from bot.app import App
from bot.stores.ideas import IDEAS, IdeaStatus
from bot.stores.submissions import SUBMISSIONS
from tests.commands.polls_support import OFFICER
from tests.support import FrozenClock


async def add(fake: FakeAdapter, text: str, user: str = "ann") -> int:
    await fake.command(f"/idea {text}", user=user)
    reply = fake.pop_all()[-1].text
    assert "is recorded" in reply, reply
    return int(reply.split("#")[1].split(" ")[0])


async def test_add_with_commission_by_number_name_or_button(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    first = await add(fake, "5: Free prescriptions for carers")
    second = await add(fake, "safer streets: More youth workers")
    await fake.command("/idea Community energy co-ops")
    reply = fake.last()
    assert "Which policy commission" in reply.text
    assert "Make Britain a clean energy superpower" in reply.labels
    await fake.press("Make Britain a clean energy superpower")
    assert "filed under Make Britain a clean energy superpower" in fake.last().text
    async with app.storage.unit() as uow:
        store = uow.get(IDEAS)
        one, two = await store.get(first), await store.get(second)
    assert one is not None
    assert one.commission == "Build an NHS fit for the future"
    assert two is not None
    assert two.commission == "Safer streets"
    await fake.command("/idea 9: A bad number")
    assert "There is no commission 9" in fake.last().text
    await fake.command("/idea")
    assert "Type your idea after the command" in fake.last().text


async def test_support_counts_once_per_member_and_lists_by_support(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    quiet = await add(fake, "Quiet idea")
    loud = await add(fake, "Loud idea")
    for user in ("bob", "cat", "cat"):
        await fake.command("/ideas", user=user)
        await fake.press(f"support:{loud}", user=user)
    assert "already support" in fake.last().text
    await fake.command("/ideas", user="dan")
    listing = fake.last()
    assert listing.text.index("Loud idea") < listing.text.index("Quiet idea")
    assert f"#{loud} Loud idea (2 supporters)" in listing.text
    assert f"#{quiet} Quiet idea (0 supporters)" in listing.text
    assert "Bob" not in listing.text
    assert "Cat" not in listing.text


async def test_support_in_a_group_is_answered_privately(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    idea = await add(fake, "Bus lanes")
    await fake.command("/ideas", user="bob", group="members")
    await fake.press(f"support:{idea}", user="bob", group="members")
    last = fake.last()
    assert last.chat.chat_id == "bob"
    assert last.chat.is_private
    assert "you support idea" in last.text


async def test_officer_merges_a_duplicate_and_supporters_count_once(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    kept = await add(fake, "Free buses for under-25s")
    duplicate = await add(fake, "Free bus travel for young people", user="bob")
    for user, idea in (("ann", kept), ("bob", duplicate), ("ann", duplicate), ("cat", duplicate)):
        await fake.press(f"support:{idea}", user=user)
    await fake.command(f"/ideas merge {duplicate} {kept}", user="ann")
    assert "officers only" in fake.last().text
    await fake.command(f"/ideas merge {duplicate} {kept}", user=OFFICER)
    assert "now has 3 supporters" in fake.last().text
    await fake.command(f"/ideas {duplicate}")
    assert f"merged into #{kept}" in fake.last().text
    await fake.press(f"support:{duplicate}", user="dan")  # an old button: counts for the kept one
    assert f"you support idea #{kept} (4 supporters now)" in fake.last().text


async def test_officer_archives_and_starts_a_draft(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    old = await add(fake, "An old idea")
    good = await add(fake, "3: Neighbourhood policing teams")
    await fake.command(f"/ideas archive {old}", user=OFFICER)
    assert "archived" in fake.last().text
    await fake.command("/ideas")
    assert "An old idea" not in fake.last().text
    await fake.command(f"/ideas {good}", user=OFFICER)
    await fake.press(f"ideadraft:{good}", user=OFFICER)
    reply = fake.last().text
    assert f"from idea #{good}" in reply
    draft_id = int(reply.split("#")[1].split(" ")[0])
    async with app.storage.unit() as uow:
        draft = await uow.get(SUBMISSIONS).get(draft_id)
        idea = await uow.get(IDEAS).get(good)
    assert draft is not None
    assert draft.fields["proposal"] == "Neighbourhood policing teams"
    assert draft.fields["commission"] == "Safer streets"
    assert idea is not None
    assert idea.status is IdeaStatus.PROMOTED
    await fake.press(f"ideaarchive:{good}", user="ann")
    assert "officers only" in fake.last().text


async def test_a_poll_from_the_top_ideas(app: App, fake: FakeAdapter, clock: FrozenClock) -> None:
    ideas = [await add(fake, f"Idea {n}") for n in range(4)]
    for user in ("bob", "cat"):
        await fake.press(f"support:{ideas[2]}", user=user)
    await fake.press(f"support:{ideas[3]}", user="bob")
    await fake.command("/ideas poll 2", user=OFFICER)
    prompt = fake.pop_all()[-1]
    assert "keep the options so far: Idea 2; Idea 3" in prompt.text
    await fake.press("Keep these options", user=OFFICER)
    assert "what kind of vote" in fake.last().text
