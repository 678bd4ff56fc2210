"""/submit steps answered by typing: title, problem, proposal, evidence, motion, co-authors.

Too long is refused with how much to cut, but the text is kept in the draft, shown again,
and can be shortened: nothing typed is lost.
"""

from __future__ import annotations

from bot.conversation import SKIP, Answer, FlowContext, Retry, Step, Transition
from bot.model import OutgoingMessage
from bot.richtext import Block, i, p
from bot.stores.submissions import coauthor_key, member_keys
from commands.submissions import persist
from commands.submissions.fields import (
    TEXT_FIELDS,
    coauthors_problem,
    limit_problem,
    parse_coauthors,
    words_summary,
)
from commands.submissions.framing import KEEP, advance, fields, framed, nav


def _limit_text(f: FlowContext, name: str) -> str:
    policy = f.ctx.config.policy
    if name == "motion":
        return f"At most {policy.motion_max_words} words."
    limit = policy.title_max_chars if name == "title" else policy.field_max_chars
    return f"At most {limit:,} characters."


def text_step(name: str) -> Step:
    field = TEXT_FIELDS[name]

    async def ask(f: FlowContext) -> OutgoingMessage:
        policy = f.ctx.config.policy
        blocks: list[Block] = [p(field.question, " ", _limit_text(f, name))]
        current = fields(f).get(name)
        if current:
            blocks += [p(i("What you have so far:")), p(str(current))]
            if name == "motion":
                blocks.append(p(i(words_summary(str(current), policy))))
        fits = bool(current) and limit_problem(name, str(current), policy) is None
        skip = "Skip (optional)" if field.optional else None
        return await framed(f, name, blocks, nav(f, keep=fits, skip=skip))

    async def receive(f: FlowContext, answer: Answer) -> Transition:
        if answer.choice == KEEP:
            return await advance(f, name)
        if answer.choice == SKIP:
            fields(f).pop(name, None)
            return await advance(f, name)
        text = answer.text.strip()
        if not text:
            return Retry(f"The {field.label} can't be empty: please type it.")
        fields(f)[name] = text
        problem = limit_problem(name, text, f.ctx.config.policy)
        if problem is not None:
            await persist.save(f.ctx, f.data, name)
            return Retry(problem)
        if name == "motion":
            f.data["note"] = f"Motion saved: {words_summary(text, f.ctx.config.policy)}."
        return await advance(f, name)

    return Step(name, ask, receive)


async def ask_coauthors(f: FlowContext) -> OutgoingMessage:
    current: list[str] = list(f.data.get("coauthors", []))
    blocks: list[Block] = [
        p(
            "Optional: did other members write this with you? Type their names or @mentions, "
            "separated by commas. They will see the draft in their /drafts."
        )
    ]
    if current:
        blocks.append(p(i("Co-authors so far: "), ", ".join(current)))
    return await framed(f, "coauthors", blocks, nav(f, keep=bool(current), skip="No co-authors"))


async def got_coauthors(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == KEEP:
        return await advance(f, "coauthors")
    if answer.choice == SKIP:
        f.data["coauthors"] = []
        return await advance(f, "coauthors")
    mine = member_keys(f.ctx.sender)
    names = [n for n in parse_coauthors(answer.text) if coauthor_key(n) not in mine]
    problem = coauthors_problem(names)
    if problem is not None:
        return Retry(problem)
    f.data["coauthors"] = names
    return await advance(f, "coauthors")


TEXT_STEPS = (
    *(text_step(name) for name in ("title", "problem", "proposal", "evidence", "motion")),
    Step("coauthors", ask_coauthors, got_coauthors),
)
