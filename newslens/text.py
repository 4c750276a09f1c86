"""Small pure helpers over article text."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n\s*\n|\n")


def sentence_bounds(text: str, start: int, end: int, *, max_chars: int = 600) -> tuple[int, int]:
    """The (start, end) of the sentence around text[start:end], by punctuation and line breaks.

    Cheap and model-free, for showing a date or a mention in context; a sentence longer than
    `max_chars` is clipped around the span.
    """
    lo = max(0, start - max_chars)
    sentence_start = lo
    for match in _SENTENCE_END.finditer(text, lo, start):
        sentence_start = match.end()
    match = _SENTENCE_END.search(text, end, min(len(text), end + max_chars))
    sentence_end = match.start() + len(match.group(0).rstrip()) if match else min(len(text), end + max_chars)
    # trailing quote marks belong to the sentence, the whitespace does not
    while sentence_end > end and text[sentence_end - 1].isspace():
        sentence_end -= 1
    return sentence_start, max(sentence_end, end)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def escape_markdown(text: str) -> str:
    """Text shown literally by a Markdown renderer: specials backslash-escaped, HTML inert."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")
