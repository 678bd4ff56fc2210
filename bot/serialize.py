"""OutgoingMessage <-> JSON, so a post can wait in the outbox across restarts."""

from __future__ import annotations

import base64
from typing import Any

from bot.model import Attachment, Choice, Form, FormField, OutgoingMessage
from bot.richtext import Block, BulletList, Paragraph, Span


def message_to_json(message: OutgoingMessage) -> dict[str, Any]:
    data: dict[str, Any] = {"blocks": [_block_to_json(block) for block in message.blocks]}
    if message.choices:
        data["choices"] = [[c.label, c.value] for c in message.choices]
    if message.attachment is not None:
        a = message.attachment
        data["attachment"] = {
            "filename": a.filename,
            "media_type": a.media_type,
            "content": base64.b64encode(a.content).decode("ascii"),
        }
    if message.form is not None:
        f = message.form
        data["form"] = {
            "form_id": f.form_id,
            "title": f.title,
            "fields": [vars_of(field) for field in f.fields],
        }
    return data


def message_from_json(data: dict[str, Any]) -> OutgoingMessage:
    attachment = None
    if "attachment" in data:
        a = data["attachment"]
        attachment = Attachment(a["filename"], base64.b64decode(a["content"]), a["media_type"])
    form = None
    if "form" in data:
        f = data["form"]
        form = Form(f["form_id"], f["title"], tuple(FormField(**x) for x in f["fields"]))
    return OutgoingMessage(
        blocks=tuple(_block_from_json(b) for b in data["blocks"]),
        choices=tuple(Choice(label, value) for label, value in data.get("choices", ())),
        attachment=attachment,
        form=form,
    )


def vars_of(field: FormField) -> dict[str, Any]:
    return {
        "name": field.name,
        "label": field.label,
        "long": field.long,
        "required": field.required,
        "max_length": field.max_length,
        "value": field.value,
    }


def _span_to_json(span: Span) -> dict[str, Any]:
    data: dict[str, Any] = {"t": span.text}
    for flag in ("bold", "italic", "code"):
        if getattr(span, flag):
            data[flag[0]] = True
    if span.url:
        data["u"] = span.url
    return data


def _span_from_json(data: dict[str, Any]) -> Span:
    return Span(
        data["t"], bold="b" in data, italic="i" in data, code="c" in data, url=data.get("u")
    )


def _block_to_json(block: Block) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"p": [_span_to_json(s) for s in block.parts]}
    return {"ul": [[_span_to_json(s) for s in item] for item in block.items]}


def _block_from_json(data: dict[str, Any]) -> Block:
    if "p" in data:
        return Paragraph(tuple(_span_from_json(s) for s in data["p"]))
    return BulletList(tuple(tuple(_span_from_json(s) for s in item) for item in data["ul"]))
