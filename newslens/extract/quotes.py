"""Quotes with their speakers: Doc + the article's actors -> Quote records.

First version: quote-mark spans attributed to the subject of the nearest speech verb in
the same sentence. Richer rules follow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newslens.models import Entity, Mention, Quote

SPEECH_VERBS = frozenset(
    ["say", "tell", "add", "state", "explain", "note", "urge", "warn", "announce", "claim", "argue", "insist", "call", "write", "ask", "describe", "conclude", "declare", "reply", "respond", "suggest", "acknowledge", "admit", "confirm", "deny", "stress", "emphasise", "emphasize", "report"]
)
_QUOTE_RE = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{2,}?)(?:[\"\u201d]|(?=\n))")


def _entity_at(entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    for entity in entities:
        for mention in entity.mentions:
            if mention.start < end and start < mention.end:
                return entity
    return None


def _speaker_of(sent: Span, quote_start: int, quote_end: int) -> tuple[Token | None, Span | None]:
    for token in sent:
        if token.lemma_ in SPEECH_VERBS and token.pos_ in ("VERB", "AUX") and not (
            quote_start <= token.idx < quote_end
        ):
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    subtree = list(child.subtree)
                    return token, sent.doc[subtree[0].i : subtree[-1].i + 1]
    return None, None


def extract_quotes(doc: Doc, entities: Sequence[Entity]) -> list[Quote]:
    quotes: list[Quote] = []
    for match in _QUOTE_RE.finditer(doc.text):
        start, end = match.span(1)
        text = doc.text[start:end]
        if not text.strip():
            continue
        sent = doc.char_span(start, end, alignment_mode="expand")
        if sent is None:
            continue
        cue, subject = _speaker_of(sent.sent, start, end)
        entity = _entity_at(entities, subject.start_char, subject.end_char) if subject else None
        quotes.append(
            Quote(
                text=text, start=start, end=end, kind="direct",
                speaker=entity.name if entity else (subject.text if subject is not None else None),
                speaker_id=entity.id if entity else None,
                speaker_mention=(
                    Mention(subject.start_char, subject.end_char, subject.text) if subject else None
                ),
                cue=cue.text if cue is not None else None,
                confidence=0.5,
            )
        )
    return quotes
