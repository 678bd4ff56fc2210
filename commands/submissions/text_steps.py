"""/submit steps answered by typing: title, problem, proposal, evidence, motion, co-authors.

Too long is refused with how much to cut, but the text is kept in the draft, shown again,
and can be shortened: nothing typed is lost.
"""

from __future__ import annotations

from bot.conversation import SKIP, Answer, FlowContext, Retry, Step, Transition
from bot.model import OutgoingMessage
from bot.richtext import Block, i, p
from bot.stores.submissions import CoAuthor
from commands.submissions import coauthors, persist
from commands.submissions.fields import TEXT_FIELDS, limit_problem, words_summary
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
    current = [CoAuthor.from_json(c).person.display_name for c in f.data.get("coauthors", [])]
    blocks: list[Block] = [
        p(
            "Optional: did other members write this with you? Mention each of them: @ and"
            " their username, separated by commas. I will ask each one privately to accept;"
            " once they do, they can read the draft in their /drafts. A typed name is not"
            " enough, as anyone could take it."
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
    people, unknown = coauthors.chosen(f.ctx, answer.text)
    problem = coauthors.problem(f.ctx, people, unknown)
    if problem is not None:
        return Retry(problem)
    before = {c["platform"] + ":" + c["user_id"] for c in f.data.get("coauthors", [])}
    f.data["coauthors"] = [CoAuthor(person).to_json() for person in people]
    draft = await persist.save(f.ctx, f.data, "coauthors")
    new = [person for person in people if person.key not in before]
    await coauthors.invite(f.ctx, draft, new)
    names = ", ".join(person.display_name for person in people)
    f.data["note"] = f"I have asked {names} privately to accept: until then they see nothing."
    return await advance(f, "coauthors")


TEXT_STEPS = (
    *(text_step(name) for name in ("title", "problem", "proposal", "evidence", "motion")),
    Step("coauthors", ask_coauthors, got_coauthors),
)
