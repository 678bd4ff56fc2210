"""/poll export with hostile poll text: no cell runs as a formula in a spreadsheet, and
control and right-to-left characters typed into the poll are gone."""

from __future__ import annotations

import csv
import io

from adapters.fake import FakeAdapter
from bot.app import App
from tests.commands.polls_support import GROUP, OFFICER, answer, make_poll
from tests.support import FrozenClock

OPTIONS = ('=HYPERLINK("https://evil.example","Click")', "+1 more", "-x", "@SUM(1+1)")


async def test_export_neutralises_formulas_in_question_and_options(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    question = "=1+1 \x1b[31mwhich\u202e?"
    number = await make_poll(app, fake, options=OPTIONS, question=question)
    await fake.press(f"vote:{number}:0", user="ann", group=GROUP)
    await fake.command(f"/poll close {number}", user=OFFICER)
    await fake.command(f"/poll export {number}", user=OFFICER)
    attachment = answer(fake, OFFICER).message.attachment
    assert attachment is not None
    text = attachment.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert ["question", "'=1+1 [31mwhich?"] in rows
    assert ["'" + OPTIONS[0], "1"] in rows
    assert ["'+1 more", "0"] in rows
    assert ["'-x", "0"] in rows
    assert ["'@SUM(1+1)", "0"] in rows
    assert not any(c in text for c in "\x1b\u202e")
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
