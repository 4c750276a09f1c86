"""The people of one article for speaker resolution: names, surnames, titles, gender, salience.

Built from the actor entities (PERSON) and, where the actor list misses someone, from the
model's own PERSON spans, so a speaker "Smith" still resolves to "John Smith".
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newslens.extract.place_spans import PLACE_LABELS
from newslens.extract.quotes_cues import SUBJECT_DEPS
from newslens.models import Entity

PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
# pronouns that usually point back to the sentence's subject ("him" rarely does: not here)
_GENDERED = {"he": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
_HONORIFICS = {
    "mr": "m", "mr.": "m", "sir": "m", "lord": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
    "miss": "f", "dame": "f", "lady": "f",
}
_STRIP_RE = re.compile(r"(?:['\u2019]s?)$|^(?:mr|mrs|ms|dr|prof|sen|rep|gov|gen|sir)\.?\s+", re.IGNORECASE)
# capitalised words before a name that are no part of it: "Hereditary Chief Ka'hlin"
TITLE_WORDS = frozenset(
    """mr mrs ms dr prof sir dame president premier prime minister chief hereditary leader
    senator sen rep gov governor mayor councillor coun judge justice officer constable const
    sgt sergeant cpl corporal insp inspector supt superintendent commissioner assistant deputy
    general gen col colonel capt captain lt lieutenant maj major secretary spokesperson
    spokesman spokeswoman organizer organiser director ceo chair chairman chairwoman coach
    professor reverend rev father pope king queen prince princess lord lady mp mla mpp
    conservative liberal ndp green democratic republican democrat""".split()
)
# the model sometimes tags these PERSON; no pronoun points back to them
_NOT_NAMES = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)


def norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['\u2019]s\b", "", text)
    return " ".join(re.sub(r"[^\w\s-]", " ", text).replace("-", " ").split())


_NAME_TITLES = frozenset({"king", "queen", "prince", "princess", "pope", "lord", "lady", "sir", "dame"})


def clean_name(text: str) -> str:
    """A person's name without honorifics, possessive and the words before a title inside it:
    'Tahltan Hereditary Chief Ka'hlin' -> 'Ka'hlin', 'Organizer Dana Kowal' ->
    'Dana Kowal' (royal titles stay: 'Prince Harry')."""
    previous = None
    text = text.strip()
    while previous != text:
        previous, text = text, _STRIP_RE.sub("", text).strip()
    words = text.split()
    for i in range(len(words) - 2, -1, -1):
        word = words[i].lower().strip(".,")
        if word in TITLE_WORDS and word not in _NAME_TITLES:
            return " ".join(words[i + 1 :])
    return text


def is_credit(text: str, start: int, end: int) -> bool:
    """'(Chantelle Bellrichard/CBC)', 'KENZO TRIBOUILLARD/AFP': photo credits are not people here."""
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    return before == "(" or after == "/"


def _inside(ranges: list[tuple[int, int]], offset: int) -> bool:
    i = bisect.bisect_right(ranges, (offset, 1 << 60)) - 1
    return i >= 0 and ranges[i][0] <= offset < ranges[i][1]


def _not_a_name(name: str) -> bool:
    """'October', 'RCMP': not people, whatever the tagger said."""
    return name.lower() in _NOT_NAMES or (name.isupper() and " " not in name)


@dataclass(frozen=True)
class Person:
    start: int
    end: int
    name: str
    entity: Entity | None
    subject: bool  # subject of its clause
    speaker: bool = False  # the resolved speaker of an earlier quote


class People:
    def __init__(
        self,
        doc: Doc,
        entities: Sequence[Entity],
        quoted: Sequence[tuple[int, int]],
        text: str | None = None,
        headings: Sequence[tuple[int, int]] = (),
        paragraph_starts: Sequence[int] = (),
    ) -> None:
        self.doc = doc
        self._paragraphs = list(paragraph_starts) or [m.end() for m in re.finditer(r"\n+", doc.text)]
        self._headings = sorted(headings)
        self.text = text if text is not None else doc.text
        self._quoted = sorted(quoted)
        self._persons = [e for e in entities if e.type == "PERSON"]
        self._by_norm = {norm(clean_name(e.name)): e for e in self._persons}
        by_last: dict[str, set[str]] = defaultdict(set)
        for e in self._persons:
            words = norm(clean_name(e.name)).split()
            if len(words) > 1:
                by_last[words[-1]].add(e.id)
        first_seen = {e.id: min((m.start for m in e.mentions if len(m.text.split()) > 1), default=1 << 60) for e in self._persons}
        # a shared surname ("Greenspan") goes to the one introduced first: news names the main
        # person first and family members by their first names
        self._by_last = {
            k: sorted((e for e in self._persons if e.id in ids), key=lambda e: first_seen[e.id])
            for k, ids in by_last.items()
        }
        self._spacy_full = {}  # surname -> full name, from the model's multiword PERSON spans
        for ent in doc.ents:
            words = clean_name(ent.text).split()
            if ent.label_ == "PERSON" and len(words) > 1 and not is_credit(self.text, ent.start_char, ent.end_char):
                self._spacy_full.setdefault(norm(words[-1]), " ".join(words))
        self._orths: list[int] | None = None  # token ORTH ids, read once when needed
        self._given: dict[str, str | None] = {}
        self._sentence_starts: list[int] | None = None
        self.mentions = self._mentions(entities)
        self._starts = [p.start for p in self.mentions]
        self._genders = self._vote_genders()
        self._titles = self._title_words()

    # ------------------------------------------------------------ names
    def in_quote(self, offset: int) -> bool:
        return _inside(self._quoted, offset)

    def in_heading(self, offset: int) -> bool:
        return _inside(self._headings, offset)

    def canonical(self, entity: Entity) -> Entity:
        """A surname-only or possessive PERSON entity -> the full-name entity, when unique."""
        if entity.type != "PERSON":
            return entity
        words = norm(clean_name(entity.name)).split()
        if len(words) == 1 and self._by_last.get(words[0]):
            return self._by_last[words[0]][0]
        return self._by_norm.get(" ".join(words), entity)

    def named(self, text: str) -> tuple[str, Entity | None]:
        """The canonical name and entity for a person's name as written ('Stoltenberg')."""
        cleaned = clean_name(text)
        key = norm(cleaned)
        if key in self._by_norm:
            entity = self.canonical(self._by_norm[key])
            return entity.name, entity
        words = key.split()
        if words:
            owners = self._by_last.get(words[-1], [])
            if len(words) == 1 and owners:
                return owners[0].name, owners[0]
            owners = [o for o in owners if words[0] == norm(o.name).split()[0]]
            if len(owners) == 1:
                return owners[0].name, owners[0]
            if len(words) == 1 and words[0] in self._spacy_full:
                return self._spacy_full[words[0]], None
            if len(words) == 1:
                return self._given_name(cleaned) or cleaned, None
        return cleaned, None

    def _given_name(self, surname: str) -> str | None:
        """'Farkas' -> 'Lou Farkas' when the text names him so ("Denver's Lou Farkas") though
        neither the actors nor the model's PERSON spans hold the full name."""
        if surname in self._given:
            return self._given[surname]
        self._given[surname] = None
        doc = self.doc
        if self._orths is None:
            self._orths = doc.to_array("ORTH").tolist()
        wanted = doc.vocab.strings.add(surname)
        for i, orth in enumerate(self._orths):
            if orth != wanted or i == 0 or self.in_quote(doc[i].idx):
                continue
            given = doc[i - 1]
            if (
                given.pos_ == "PROPN" and given.text.istitle() and given.whitespace_ == " "
                and given.lower_.strip(".") not in TITLE_WORDS and given.lower_ not in _NOT_NAMES
                and given.ent_type_ not in {"GPE", "LOC", "ORG", "NORP", "DATE"}
                and not self.in_heading(given.idx)
            ):
                self._given[surname] = f"{given.text} {surname}"
                break
        return self._given[surname]

    def _mentions(self, entities: Sequence[Entity]) -> list[Person]:
        doc = self.doc
        spans: list[tuple[int, int, str, Entity | None]] = []
        taken: list[tuple[int, int]] = []
        for e in entities:
            if e.type in PLACE_LABELS:  # the actor step found a place the model took for a person
                taken.extend((m.start, m.end) for m in e.mentions)
            if e.type != "PERSON":
                continue
            if _not_a_name(e.name):
                continue
            for m in e.mentions:
                canon = self.canonical(e)
                if len(m.text.split()) == 1 and self._by_last.get(norm(m.text)):
                    canon = self._by_last[norm(m.text)][0]  # a bare surname: see _by_last
                if m.text.islower() and m.text.endswith("s"):
                    continue  # "people", "workers": a group, no antecedent for "he"
                if not is_credit(self.text, m.start, m.end):
                    spans.append((m.start, m.end, canon.name, canon))
                taken.append((m.start, m.end))
        for ent in doc.ents:
            if ent.label_ != "PERSON" or is_credit(self.text, ent.start_char, ent.end_char):
                continue
            if any(s < ent.end_char and ent.start_char < e for s, e in taken):
                continue
            if len(ent) == 1 and ent.start >= 2 and doc[ent.start - 1].text == "," and doc[ent.start - 2].ent_type_ in {"GPE", "LOC"}:
                continue  # 'Oakville, Ont.': a province after its town
            name, entity = self.named(ent.text)
            if any(c.isalpha() for c in name) and not _not_a_name(name):
                spans.append((ent.start_char, ent.end_char, name, entity))
        out = []
        for start, end, name, entity in sorted(spans, key=lambda x: x[0]):
            if self.in_heading(start):  # headlines, "READ MORE:" links, bylines: no antecedents
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            out.append(Person(start, end, name, entity, span is not None and self._is_subject(span)))
        return out

    @staticmethod
    def _is_subject(span: Span) -> bool:
        root = span.root
        if root.dep_ in SUBJECT_DEPS:
            return True
        return root.dep_ in {"appos", "compound"} and root.head.dep_ in SUBJECT_DEPS

    def at(self, start: int, end: int, prefer: int | None = None) -> Person | None:
        """A person mention overlapping [start, end); the one holding offset `prefer` first."""
        hi = bisect.bisect_left(self._starts, end)
        found = [p for p in self.mentions[max(0, hi - 50) : hi] if p.end > start]
        if prefer is not None:
            found.sort(key=lambda p: not (p.start <= prefer < p.end))
        return found[0] if found else None

    # ------------------------------------------------------------ salience and gender
    def note_speaker(self, offset: int, name: str, entity: Entity | None) -> None:
        """A resolved speaker is a strong antecedent for the pronouns that follow."""
        if (entity is not None and entity.type != "PERSON") or _not_a_name(name):
            return
        i = bisect.bisect_left(self._starts, offset)
        self.mentions.insert(i, Person(offset, offset, name, entity, True, True))
        self._starts.insert(i, offset)

    def _key(self, person: Person) -> str:
        return person.entity.id if person.entity is not None else person.name

    def _vote_genders(self) -> dict[str, str]:
        """Gender per person from honorifics and the first gendered pronoun after a lone mention."""
        votes: dict[str, list[str]] = defaultdict(list)
        doc = self.doc
        for person in self.mentions:
            span = doc.char_span(person.start, person.end, alignment_mode="expand")
            if span is None:
                continue
            key = self._key(person)
            if span.start > 0 and doc[span.start - 1].lower_ in _HONORIFICS:
                votes[key] += [_HONORIFICS[doc[span.start - 1].lower_]] * 3
            sent = span.sent
            lo, hi = bisect.bisect_left(self._starts, sent.start_char), bisect.bisect_left(self._starts, sent.end_char)
            if len({self._key(p) for p in self.mentions[lo:hi]}) != 1:
                continue  # another person in the sentence: the pronoun could be theirs
            for token in doc[span.end : min(sent.end + 15, len(doc))]:
                if token.ent_type_ == "PERSON" and token.i >= sent.end:
                    break
                gender = _GENDERED.get(token.lower_)
                if gender and not self.in_quote(token.idx):
                    votes[key].append(gender)
                    break
        out = {}
        for key, items in votes.items():
            m, f = items.count("m"), items.count("f")
            if m != f:
                out[key] = "m" if m > f else "f"
        return out

    def antecedent(self, token: Token, gender: str | None) -> Person | None:
        """The person a pronoun (or 'the coach') points back to.

        Paragraph by paragraph backwards from the pronoun, over person mentions outside
        quotes that agree in gender: in the first paragraph that has any, a person named in
        the pronoun's own or the previous sentence wins ('... also helped carpenter Tunde
        Bello, 47. "I never had a doctor," he says'), then an earlier speaker, then a
        subject, then the nearest. News introduces a speaker right before quoting them, so
        the paragraph is a better unit than a distance.
        """
        hi = bisect.bisect_left(self._starts, token.idx)
        current: int | None = None
        ranked: list[tuple[int, Person]] = []
        for person in reversed(self.mentions[max(0, hi - 300) : hi]):
            if person.start != person.end and self.in_quote(person.start):
                continue
            if gender is not None and self._genders.get(self._key(person), gender) != gender:
                continue
            if gender is not None and self._object_of_pronoun(person, token):
                continue
            para = self.paragraph(person.start)
            if current is not None and para != current:
                break
            if current is None:
                current = para
                if self.paragraph(token.idx) - para > 4:  # too far back to trust a mention:
                    return self._last_speaker(hi, gender)  # only a speaker carries that far
            # an earlier speaker beats a subject, a subject beats the nearest mention
            # and anyone named in the pronoun's own or the previous sentence beats them all
            rank = 2 if person.speaker else 1 if person.subject else 0
            distance = self._sentence(token.idx) - self._sentence(person.start)
            if distance <= 1:
                rank += 3
            ranked.append((rank, person))
        if not ranked:
            return None
        best = max(rank for rank, _ in ranked)
        return next(person for rank, person in ranked if rank == best)

    def _object_of_pronoun(self, person: Person, token: Token) -> bool:
        """'Asked what he would tell Mayor John Tory, he said': in the pronoun's own sentence,
        the object of a verb whose subject is 'he' or 'she' is someone else."""
        if person.start == person.end or self._sentence(person.start) != self._sentence(token.idx):
            return False
        span = self.doc.char_span(person.start, person.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        verb = root.head.head if root.dep_ == "pobj" else root.head
        if root.dep_ not in {"dobj", "dative", "pobj"} or verb.pos_ not in {"VERB", "AUX"}:
            return False
        return any(c.dep_ in SUBJECT_DEPS and c.lower_ in PERSON_PRONOUNS for c in verb.children)

    def introduced_in(self, start: int, end: int) -> Person | None:
        """The person a narrative paragraph [start, end) is about: its last subject person,
        else its only person ('At 30, Varga needed surgery on her knee.')."""
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        found = [p for p in self.mentions[lo:hi] if p.start == p.end or not self.in_quote(p.start)]
        subjects = [p for p in found if p.subject]
        if subjects:
            return subjects[-1]
        return found[0] if len({self._key(p) for p in found}) == 1 else None

    def _last_speaker(self, hi: int, gender: str | None) -> Person | None:
        for person in reversed(self.mentions[max(0, hi - 300) : hi]):
            if person.speaker and (gender is None or self._genders.get(self._key(person), gender) == gender):
                return person
        return None

    def _sentence(self, offset: int) -> int:
        if self._sentence_starts is None:
            self._sentence_starts = [sent.start_char for sent in self.doc.sents]
        return bisect.bisect_right(self._sentence_starts, offset)

    def paragraph(self, offset: int) -> int:
        return bisect.bisect_right(self._paragraphs, offset)

    # ------------------------------------------------------------ titles
    def _title_words(self) -> dict[str, list[Person]]:
        """title word -> people it was attached to: 'spokesperson Wang Wenbin', 'Smith, the coach'."""
        out: dict[str, list[Person]] = defaultdict(list)
        doc = self.doc
        for person in self.mentions:
            span = doc.char_span(person.start, person.end, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            words: list[Token] = [t for t in head.lefts if t.i < span.start and t.dep_ in {"compound", "amod"}]
            for t in list(words):
                words.extend(t.subtree)
            words += [t for c in head.children if c.dep_ == "appos" for t in c.subtree]
            if head.dep_ == "appos":
                words += list(doc[head.head.left_edge.i : head.head.i + 1])
            for t in words:
                if t.pos_ in {"NOUN", "PROPN"} and t.ent_type_ != "PERSON":
                    out[t.lower_.strip("-")].append(person)
        return out

    def titled(self, core: Span, token: Token) -> Person | None:
        """'the secretary general' -> the person titled so in the article (the latest before, else the first)."""
        candidates = self._titles.get(token.lower_.strip("-"), [])
        if not candidates:
            return None
        earlier = [p for p in candidates if p.start < token.idx]
        return earlier[-1] if earlier else candidates[0]
