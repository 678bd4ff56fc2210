"""The results as a bar chart (PNG), attached to the results post where the platform shows
images. Totals only, as the text result: nothing in it names a voter, in any poll.

matplotlib is imported inside `bar_chart`, so start-up does not pay for it, and drawn on
the Agg backend through its object API (no pyplot state shared between threads).
"""

from __future__ import annotations

import io
import textwrap

from bot.model import Attachment
from bot.stores.polls import Poll
from commands.polls.counting import RunOff, Tally
from commands.polls.render import turnout

LABEL_WIDTH = 28
"""Characters per line of an option's label on the chart."""


def totals(poll: Poll, outcome: Tally | RunOff) -> list[tuple[str, int]]:
    """(option, votes) as the text result gives them: a ranked poll's final round."""
    if isinstance(outcome, Tally):
        return [(o.label, v) for o, v in zip(poll.options, outcome.counts, strict=True)]
    final = outcome.rounds[-1].counts if outcome.rounds else {}
    return [(poll.options[o].label, v) for o, v in sorted(final.items())]


def title(poll: Poll, outcome: Tally | RunOff) -> str:
    what = "final round" if isinstance(outcome, RunOff) else "votes"
    took = f"{turnout(outcome)} took part"
    if outcome.abstained:
        took += f", {outcome.abstained} abstained"
    if poll.quorum is not None:
        met = "reached" if turnout(outcome) >= poll.quorum else "not reached"
        took += f"; quorum of {poll.quorum} {met}"
    return f"Poll #{poll.id} results ({what}): {took}"


def bar_chart(poll: Poll, outcome: Tally | RunOff) -> bytes:
    """The chart as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    bars = totals(poll, outcome)
    labels = [textwrap.shorten(label, 80, placeholder="…") for label, _ in bars]
    labels = ["\n".join(textwrap.wrap(label, LABEL_WIDTH)) or "?" for label in labels]
    votes = [v for _, v in bars]
    figure = Figure(figsize=(8, 1.2 + 0.7 * len(bars)), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    rows = list(range(len(bars)))[::-1]  # the first option at the top
    drawn = axes.barh(rows, votes, color="#d50000")
    axes.bar_label(drawn, padding=3)
    axes.set_yticks(rows, labels)
    axes.set_xlabel("Votes")
    axes.set_xlim(0, max([*votes, 1]) * 1.15)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(textwrap.fill(f"{poll.question}", 70), fontsize=11)
    figure.suptitle(title(poll, outcome), fontsize=9, y=0.02, va="bottom")
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def chart_attachment(poll: Poll, outcome: Tally | RunOff) -> Attachment:
    return Attachment(f"poll-{poll.id}-results.png", bar_chart(poll, outcome), "image/png")
