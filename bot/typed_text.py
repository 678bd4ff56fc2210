"""What members type, made safe to store and to show, once, where it enters the core.

Every adapter turns what a member typed into an `IncomingEvent` (bot/model.py), and those
events clean their text fields with `clean_typed` as they are made: command arguments,
free text, form fields, and the sender's display name. That is the one place every input
passes through, whichever adapter, test backend or re-fed deep link made the event, so no
feature and no adapter has to remember it (and cleaning twice changes nothing).

- Control characters (Unicode category Cc: NUL, BEL, ESC of ANSI colour codes, DEL, C1)
  are removed, except newline and tab; a carriage return ends a line as newline does.
  PostgreSQL refuses NUL in text at every retry, and a terminal obeys ESC sequences.
- Bidirectional embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069)
  are removed: a member's right-to-left override must not reorder the bot's own words
  around it (in a reply, a digest, an export).
- A lone surrogate (half of a UTF-16 pair, which JSON from a platform can carry) cannot be
  encoded as UTF-8, so neither database nor platform takes it: it becomes U+FFFD, the
  replacement character, so the member sees where their text could not be read and
  nothing else they typed is lost.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_LINE_BREAKS = re.compile(r"\r\n?")
_REMOVED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ANYTHING_TO_DO = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean_typed(text: str) -> str:
    """`text` without control characters (but newline and tab), bidirectional overrides or
    isolates, and with each lone surrogate replaced by U+FFFD."""
    if _ANYTHING_TO_DO.search(text) is None:
        return text  # the common case: one scan, no copy
    text = _LINE_BREAKS.sub("\n", text)
    text = _REMOVED.sub("", text)
    # a pair left split joins up again; a lone half becomes U+FFFD
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
