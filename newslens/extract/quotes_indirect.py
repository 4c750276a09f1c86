"""Indirect speech on the dependency parse: 'X said (that) CLAUSE', 'CLAUSE, X admits',
'according to X, CLAUSE'. Yields the reported clause's token range and its cue."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Token

from newslens.extract.quotes_cues import (
    INDIRECT_VERBS,
    Cue,
    according_to,
    is_speech_verb,
    subject_of,
    tokens_with,
)

_WH_WORDS = frozenset({"whether", "why", "how", "what", "when", "where", "who", "if", "which"})
# subjects that are evidence, not speakers: "the data suggests", "records indicated"; nor
# is what an idiom makes speak: "common sense tells us", "history teaches", "time will tell"
_NON_SPEAKERS = frozenset(
    "data record figure number statistic evidence result research analysis finding chart graph "
    "map picture image photo video footage sense history experience logic reason time "
    "conscience instinct".split()
)
_SUBORDINATE_OK = frozenset({"that", "if", "whether"})
_ACCORDING = frozenset({"according"})


def content_range(doc: Doc, head: Token, skip: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Token range [a, b) of `head`'s subtree, without the `skip` range (the cue and its
    subject, on whichever side they sit), a leading 'that' and edge punctuation."""
    a, b = head.left_edge.i, head.right_edge.i + 1
    if skip is not None and a <= skip[0] < b:
        a, b = (skip[1], b) if head.i >= skip[1] else (a, skip[0])
    while a < b and (doc[a].is_punct or doc[a].is_space or (doc[a].lower_ == "that" and doc[a].dep_ == "mark")):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        b -= 1
    return (a, b) if b - a >= 3 else None


def _reported(comp: Token) -> bool:
    """A clausal complement that reports speech ('that NATO would…'), not 'before the summit began'."""
    return not any(m.dep_ == "mark" and m.lower_ not in _SUBORDINATE_OK for m in comp.children)


def _declined(verb: Token) -> bool:
    """'did not say whether', 'declined to say why': no content was reported."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in {"decline", "refuse"}


def _speaker_like(subject: Token) -> bool:
    """A name is a speaker whatever it means as a word ("Time reported", "The Record says")."""
    return subject.pos_ == "PROPN" or subject.lemma_.lower() not in _NON_SPEAKERS


def indirect_spans(
    doc: Doc, blocked: set[int], paragraph_of: Callable[[int], tuple[int, int]]
) -> Iterator[tuple[int, int, Cue]]:
    """(first token, end token, cue) for every reported clause outside quote marks."""
    candidates = sorted(set(tokens_with(doc, "LEMMA", INDIRECT_VERBS)) | set(tokens_with(doc, "LOWER", _ACCORDING)))
    for i in candidates:
        token = doc[i]
        if token.i in blocked:
            continue
        found = _from_verb(doc, token, blocked) if token.pos_ in {"VERB", "AUX"} else None
        if found is None and token.lower_ == "according" and token.dep_ == "prep":
            found = _from_according(doc, token, blocked)
        if found is None:
            continue
        (a, b), cue = found
        lo, hi = paragraph_of(token.i)  # a clause never crosses its paragraph
        a, b = max(a, lo), min(b, hi)
        if b - a >= 3 and any(t.pos_ in {"VERB", "AUX"} for t in doc[a:b]):
            yield a, b, cue


def _from_verb(doc: Doc, verb: Token, blocked: set[int]) -> tuple[tuple[int, int], Cue] | None:
    if not is_speech_verb(verb, INDIRECT_VERBS) or _declined(verb):
        return None
    comps = [c for c in verb.children if c.dep_ == "ccomp" and c.i not in blocked and _reported(c)]
    comps.sort(key=lambda c: c.i < verb.i)  # 'X says CLAUSE' before a clause glued on from a headline
    subject = subject_of(verb, blocked)
    if subject is None or not _speaker_like(subject):
        return None
    if comps:
        span = content_range(doc, comps[0])
        if span is None:
            return None
        introduced = any(t.lower_ == "that" and t.dep_ == "mark" for t in doc[comps[0].left_edge.i : span[0]])
        if doc[span[0]].lower_ in _WH_WORDS and not introduced:  # 'said that, if elected, …' is reported
            return None
        return span, Cue(verb, subject, verb.text, "indirect")
    # 'Smith admits in that case, the rules were broken': the parser hung the cue
    # under the reported clause
    head = verb.head
    if verb.dep_ in {"ccomp", "parataxis"} and head is not verb and head.i not in blocked and head.pos_ in {"VERB", "AUX"}:
        if is_speech_verb(head):
            return None
        lo = min(verb.left_edge.i, subject.left_edge.i)
        span = content_range(doc, head, skip=(lo, verb.right_edge.i + 1))
        if span is not None and not (span[0] <= verb.i < span[1]):
            return span, Cue(verb, subject, verb.text, "indirect")
    return None


def _from_according(doc: Doc, token: Token, blocked: set[int]) -> tuple[tuple[int, int], Cue] | None:
    subject = according_to(doc, token.i, token.i + 2, blocked)
    clause = token.head
    if subject is None or clause.i in blocked:
        return None
    span = content_range(doc, clause, skip=(token.i, token.right_edge.i + 1))
    if span is None:
        return None
    return span, Cue(None, subject, "according to", "according")
