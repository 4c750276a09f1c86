"""Quotes with their speakers: spaCy Doc + the article's actors -> Quote records.

Three sources of quotes, merged in text order:
- quote marks (quotes_marks): direct quotes and partial fragments, attributed to the subject
  of a cue verb on the parse (quotes_cues), else inherited from the neighbouring quote of the
  same paragraph, or of the previous paragraph when the quote opens its paragraph, else (low
  confidence) given to the person the narrative paragraph before it is about;
- indirect speech: a speech verb's clausal complement ("Stoltenberg said NATO would ...");
- "according to X": the clause that the phrase qualifies.
Speaker phrases become canonical actors in speakers.SpeakerResolver.

A fragment in marks inside a reported clause gives two records on purpose: the partial quote
(the verbatim words: 'Stoltenberg said NATO would place "substantially more" forces') and the
indirect clause around it. Quote spans are verbatim segments: '"A," he said. "B."' is two
quotes, the second inheriting the speaker. Short fragments with no cue of their own are
dropped as scare quotes, and short title-case spans without a cue next to them as titles
('on CBS's "Face the Nation"').
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from newslens.extract.quotes_cues import Cue, adjacent_cue, governing_cue, is_speech_verb, subject_of
from newslens.extract.quotes_indirect import indirect_spans
from newslens.extract.quotes_marks import (
    MarkedSpan,
    Paragraph,
    find_marked_spans,
    paragraphs,
)
from newslens.extract.speakers import Resolution, SpeakerResolver
from newslens.models import Entity, Mention, Quote

_CONFIDENCE = {
    "name": 0.9, "surname": 0.85, "pronoun": 0.75, "role": 0.7, "document": 0.7,
    "group": 0.65, "surface": 0.6,
}


@dataclass
class _Found:
    """A quote under construction; `para` is its paragraph index (for inheritance)."""

    start: int
    end: int
    kind: str
    para: int
    cue: Cue | None = None
    speaker: Resolution | None = None
    how: str = ""
    single: bool = False


class _Article:
    """Token and paragraph lookups for one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins all tokens on each access: read it once
        self.paras: list[Paragraph] = paragraphs(self.text)
        self.para_starts = [p.start for p in self.paras]
        self.token_starts = doc.to_array("IDX").tolist()
        self.headings = [(p.start, p.end) for p in self.paras if _is_heading(self.text[p.start : p.end])]
        self._heading_paras = {i for i, p in enumerate(self.paras) if (p.start, p.end) in set(self.headings)}

    def is_heading(self, para: int) -> bool:
        return para in self._heading_paras

    def token_at(self, offset: int) -> int:
        """Index of the token holding char `offset` (or the last one starting before it)."""
        return max(0, bisect.bisect_right(self.token_starts, offset) - 1)

    def para_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, offset) - 1)

    def para_tokens(self, index: int) -> tuple[int, int]:
        para = self.paras[index]
        return self.token_at(para.start), self.token_at(para.end - 1) + 1


_LINK_RE = re.compile(r"^\s*[A-Z][A-Z ]{2,20}:")  # "READ MORE:", "WATCH:", "RELATED:"
_READ_MORE_RE = re.compile(r"\s*(?:READ MORE|RELATED(?: STORIES| LINKS)?|WATCH|SEE ALSO|LISTEN|MORE)\s*:", re.IGNORECASE)


_CAPTION_RE = re.compile(r"\((?:[^()]*(?:PHOTO|Photo|photo|/|Getty|Reuters|PRESS|Press|AP|CP|AFP)[^()]*)\)\s*$")


def _is_heading(line: str) -> bool:
    """Headlines, bylines, photo captions and link lines: no sentence, no speaker in them."""
    stripped = line.rstrip()
    if not stripped or _LINK_RE.match(stripped) or _CAPTION_RE.search(stripped):
        return True
    return stripped[-1] not in ".!?:;\"'\u201d\u2019)"


def _kind(text: str, span: MarkedSpan, para: Paragraph) -> str:
    """direct when the quote stands as a sentence; partial when it sits inside one."""
    before = text[para.start : span.open_mark].rstrip()
    if before and before[-1] in "\"\u201d":  # after another quote: as that one ended
        before = before[:-1].rstrip()
    if not before or before[-1] in ".!?:" or (before.endswith(",") and text[span.start].isupper()):
        return "direct"
    return "partial"


def _blocked_tokens(art: _Article, spans: Sequence[MarkedSpan]) -> set[int]:
    blocked: set[int] = set()
    for span in spans:
        stop = span.close_mark if span.close_mark is not None else span.end - 1
        blocked.update(range(art.token_at(span.open_mark), art.token_at(stop) + 1))
    return blocked


def _sentence_cue(doc: Doc, first: int, last: int, blocked: set[int], lo: int, hi: int) -> Cue | None:
    """Any speech verb with a subject in the quote's sentence: the weakest evidence."""
    sent = doc[first].sent
    for token in doc[max(sent.start, lo) : min(sent.end, hi)]:
        if token.i not in blocked and not first <= token.i <= last and is_speech_verb(token):
            subject = subject_of(token, blocked)
            if subject is not None:
                return Cue(token, subject, token.text, "sentence")
    return None


def _marked_quotes(art: _Article, spans: Sequence[MarkedSpan], blocked: set[int]) -> list[_Found]:
    doc, text = art.doc, art.text
    found = []
    for span in spans:
        if art.is_heading(span.paragraph) and _LINK_RE.match(text[art.paras[span.paragraph].start :]):
            continue  # a quoted headline in a "READ MORE:" link
        open_tok = art.token_at(span.open_mark)
        close_tok = art.token_at(span.close_mark if span.close_mark is not None else span.end - 1)
        first, last = art.token_at(span.start), art.token_at(span.end - 1)
        lo = art.para_tokens(span.paragraph)[0]
        hi = art.para_tokens(art.para_of(span.end - 1))[1]
        cue = adjacent_cue(doc, open_tok, close_tok, blocked, lo, hi) if _kind(
            text, span, art.paras[span.paragraph]
        ) == "direct" else None
        cue = cue or governing_cue(first, last, doc, blocked, lo, hi) or adjacent_cue(
            doc, open_tok, close_tok, blocked, lo, hi
        )
        if cue is None and not span.single:
            cue = _sentence_cue(doc, first, last, blocked, lo, hi)
        kind = _kind(text, span, art.paras[span.paragraph])
        found.append(_Found(span.start, span.end, kind, art.para_of(span.end - 1), cue, single=span.single))
    return found


def _indirect_quotes(art: _Article, blocked: set[int], marked: list[_Found]) -> list[_Found]:
    doc = art.doc
    quoted = [(q.start, q.end) for q in marked]
    found = []
    for a, b, cue in indirect_spans(doc, blocked, lambda i: art.para_tokens(art.para_of(doc[i].idx))):
        start, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
        inside = sum(max(0, min(end, e) - max(start, s)) for s, e in quoted)
        if inside > 0.5 * (end - start):  # mostly a marked quote already
            continue
        para = art.para_of(start)
        if _READ_MORE_RE.match(art.text, art.paras[para].start):
            continue  # 'READ MORE: Teen says …': a link to another story
        found.append(_Found(start, end, "indirect", para, cue))
    return found


def _inherit(found: list[_Found]) -> None:
    """Unattributed marked quotes take the speaker of a neighbouring attributed quote."""
    for i, quote in enumerate(found):
        if quote.speaker is not None or quote.single or quote.kind == "indirect":
            continue
        donor = None
        for j in range(i - 1, -1, -1):  # the previous attributed quote, this or the last paragraph
            other = found[j]
            if other.para < quote.para - 1:
                break
            if other.speaker is not None and other.speaker.name and (other.para == quote.para or quote.kind == "direct"):
                donor = other
                break
        if donor is None:
            for other in found[i + 1 :]:
                if other.para != quote.para:
                    break
                if other.speaker is not None and other.speaker.name and other.kind != "indirect":
                    donor = other
                    break
        if donor is not None:
            quote.speaker, quote.how = donor.speaker, "inherited"
            quote.cue = Cue(None, donor.cue.subject, donor.cue.text, "inherited") if donor.cue else None


def _introduced(art: _Article, found: list[_Found], resolver: SpeakerResolver) -> None:
    """A quote that opens its paragraph with no cue and no donor: the person the narrative
    paragraph before it is about ('At 30, Varga needed surgery …' / '"My condition …"')."""
    for quote in found:
        if quote.speaker is not None or quote.single or quote.kind != "direct":
            continue
        para = art.paras[art.para_of(quote.start)]
        if art.text[para.start : quote.start].strip() not in {"", '"', "\u201c", "''"}:
            continue
        index = art.para_of(quote.start) - 1
        if index < 0 or art.is_heading(index):
            continue
        before = art.paras[index]
        person = resolver.people.introduced_in(before.start, before.end)
        if person is not None:
            mention = Mention(person.start, person.end, art.text[person.start : person.end]) if person.end > person.start else None
            quote.speaker, quote.how = Resolution(person.name, person.entity, mention, "introduced"), "introduced"


def _scare_quote(text: str, quote: _Found) -> bool:
    """A word or three in marks with no cue of its own, or pinned on an unnamed phrase: a term
    or a scare quote ("so-called 'reforms'") far more often than a quotation."""
    if len(text[quote.start : quote.end].split()) >= 4:
        return False
    return quote.how == "inherited" or (quote.speaker is not None and quote.speaker.how == "surface")


_MINOR_WORDS = frozenset("a an the and or of in on to for at by with from as is be vs".split())
_WORDS_RE = re.compile(r"[^\W\d_][\w'\u2019-]*")


def _title(text: str, quote: _Found) -> bool:
    """A name in marks: every word of a short span capitalised, minor words aside ('on CBS's
    "Face the Nation,"', 'the nickname "Lyin' Ted."', '"The Girl Who Sailed Home" revives').
    A span with a cue right next to it stays a quote ('"From the Baltic Sea to the Black Sea,"
    Stoltenberg said')."""
    if quote.kind == "indirect" or (quote.cue is not None and quote.cue.how in {"after", "before"}):
        return False
    words = _WORDS_RE.findall(text[quote.start : quote.end])
    if not words or len(words) > 8:
        return False
    return all(w[0].isupper() for w in words if w.lower() not in _MINOR_WORDS) and words[0][0].isupper()


def _subject_ids(resolver: SpeakerResolver, start: int, end: int, speaker_id: str | None) -> tuple[str, ...]:
    ids: list[str] = []
    for mention, entity in resolver.entities_in(start, end):
        entity = resolver.canonical(entity)
        if mention.start >= start and mention.end <= end and entity.id != speaker_id and entity.id not in ids:
            ids.append(entity.id)
    return tuple(ids)


def _to_quote(text: str, quote: _Found, resolver: SpeakerResolver, entity_ids: set[str]) -> Quote:
    spk = quote.speaker
    entity = spk.entity if spk is not None else None
    speaker_id = entity.id if entity is not None and entity.id in entity_ids else None
    if quote.how == "inherited":
        confidence = 0.55
    elif quote.how == "introduced":
        confidence = 0.4
    elif spk is None:
        confidence = 0.2
    else:
        confidence = _CONFIDENCE.get(spk.how, 0.5) - (0.15 if quote.kind == "indirect" else 0.0)
        confidence -= 0.2 if quote.cue is not None and quote.cue.how == "sentence" else 0.0
    return Quote(
        text=text[quote.start : quote.end],
        start=quote.start,
        end=quote.end,
        kind=quote.kind,
        speaker=spk.name if spk is not None else None,
        speaker_id=speaker_id,
        speaker_mention=spk.mention if spk is not None else None,  # inherited: the donor's mention
        cue=quote.cue.text if quote.cue is not None else None,
        confidence=round(max(0.05, min(1.0, confidence)), 2),
        subject_ids=_subject_ids(resolver, quote.start, quote.end, speaker_id),
    )


def extract_quotes(doc: Doc, entities: Sequence[Entity]) -> list[Quote]:
    """Direct, partial and indirect quotes of `doc` in text order, each with its speaker.

    `speaker` is the canonical name of the actor (an entity of `entities` when one matches,
    then `speaker_id` is its id; else the surface name and `speaker_id` None).
    """
    art = _Article(doc)
    spans = find_marked_spans(art.text, art.paras)
    blocked = _blocked_tokens(art, spans)
    quoted = [(s.open_mark, (s.close_mark if s.close_mark is not None else s.end) + 1) for s in spans]
    resolver = SpeakerResolver(doc, entities, quoted, art.text, art.headings, art.para_starts)
    marked = _marked_quotes(art, spans, blocked)
    found = sorted(marked + _indirect_quotes(art, blocked, marked), key=lambda q: q.start)
    for quote in found:
        if quote.cue is not None:
            quote.speaker = resolver.resolve(quote.cue.subject)
            quote.how = "cue"
    _inherit(found)
    _introduced(art, found, resolver)
    entity_ids = {e.id for e in entities}
    quotes = []
    for quote in found:
        if quote.speaker is None and (quote.single or quote.kind == "partial"):
            continue  # scare quotes and titles: a fragment nobody is said to have said
        if quote.kind == "partial" and _scare_quote(art.text, quote):
            continue
        if _title(art.text, quote):
            continue
        quotes.append(_to_quote(art.text, quote, resolver, entity_ids))
    return quotes

