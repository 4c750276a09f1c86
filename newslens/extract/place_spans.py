"""Finding toponym mentions in a Doc: entity spans, toponyms inside names, and untagged names.

Each finder yields `Toponym`s (char offsets into doc.text, a lookup key and how it was found);
`newslens.extract.places` resolves and groups them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from spacy.tokens import Doc, Span

from newslens.extract.gazetteer import GazEntry, Gazetteer, normalize

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# labels a small model gives to places by mistake ("Kyiv"/PERSON, "Malakal"/ORG)
MISLABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART"})
# names that may contain a toponym ("The Washington Post", "Air Zimbabwe")
NAME_LABELS = frozenset({"ORG", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "NORP"})

MAJOR_CITY = 1_000_000  # a bare mislabelled city name this big is the city
KNOWN_CITY = 100_000  # a city named inside an organisation's name, or untagged
_LOCATIVE = frozenset({"in", "at", "from", "near", "to", "outside", "across", "into", "around",
                       "towards", "toward", "via", "through", "throughout", "between", "of"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "president",
                         "minister", "senator", "sen", "rep", "judge", "prof", "professor",
                         "coach", "st", "saint", "king", "queen", "prince", "princess"})
# words around a name that do not change the place: "northern Iraq", "Dallas County"
_LEADING = re.compile(
    r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|northeast|"
    r"northwest|southeast|southwest|north-?eastern|north-?western|south-?eastern|"
    r"south-?western|greater|metropolitan|metro|downtown|upstate|rural|inner|"
    r"outer|coastal|mainland|occupied|the|city of|province of|state of|county of|"
    r"republic of)\s+)+", re.IGNORECASE)
_TRAILING = re.compile(
    r"\s+(?:county|province|state|region|district|prefecture|oblast|governorate|city|"
    r"department|municipality|territory|parish|borough|township|village|town|area|valley|"
    r"island|islands|peninsula|coast|basin|metropolitan area|metro area)$", re.IGNORECASE)
# "Dallas County" is around Dallas; "Scott County" is not around any town called Scott
_COUNTY = re.compile(r"\s+(?:county|parish|borough|township)$", re.IGNORECASE)
# one-word town names that, outside a place label, are far more often a word, a company or a
# surname ("Toyota", "Enterprise", "Tyler"); they still count when spaCy tags them as places
_COMMON_WORDS = frozenset("""
    act adams amazon aurora bar bath davis eden energy enterprise gap google hang harmony hope
    independence justice liberty luck man mary mass media mercedes mobile newton nice noma nokia
    opportunity orange paradise progress providence reading sine split sutton toyota truth tyler
    union unity victory vista zara jackson jordan lincoln chase
    airport bell center central city college colony commerce economy green grove homeland
    hurricane king needle republic river university god
""".split())
# a compass word alone ("in the North", "Central and Eastern Europe") is a part of the
# article's country, not the town that has it as an alternate name
_DIRECTIONS = frozenset("""
    north south east west central northern southern eastern western northeast northwest
    southeast southwest midwest
""".split())
# the kind of feature inside a name ("Zmiinyi Island"), not a place's name
_FEATURE_WORDS = frozenset("""
    island islands hall church cathedral palace square street avenue bridge territory
    territories coast valley lake river bay harbour harbor
""".split())
# a building named after a saint: "St. Andrew's Church" is no town called St. Andrew
_SAINTS = frozenset({"st", "saint"})
_CHURCHES = frozenset({"church", "cathedral", "basilica", "chapel", "abbey", "monastery", "lavra"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})  # "Tyler said": a person
_AFFIX = re.compile(r"^(?:anti|pro|non|ex|post|pre|trans)-", re.IGNORECASE)


@dataclass(frozen=True)
class Toponym:
    start: int
    end: int
    key: str  # normalised name to look up
    how: str  # ent | trimmed | county | demonym | mislabel | embedded | untagged | weak
    label: str  # spaCy label of the span it came from ("" when untagged)
    entry: GazEntry | None = None  # decided by the span itself (a demonym)


_INITIALS = re.compile(r"^[A-Z]{2,4}$")


def initials_key(name: str) -> str | None:
    """"SA" may stand for a place the article names in full ("South Africa"): resolved later."""
    return f"{name.lower()}#initials" if _INITIALS.match(name) else None


def _listing(ent: Span) -> bool:
    """"Enerhodar - Zaporizhzhia" tagged PERSON is a route, not a name: a spaced dash."""
    doc = ent.doc
    return any(token.text in "-–—" and token.i > ent.start and doc[token.i - 1].whitespace_
               for token in ent)


def demonym_key(entry: GazEntry) -> str:
    """Demonym mentions are grouped apart from the place's name (they resolve differently)."""
    return f"{normalize(entry.name)}#demonym"


def own_entries(gazetteer: Gazetteer, key: str) -> set[GazEntry]:
    """Entries that `key` names by their own name or alias, or a spelling of it; not those it
    merely matches as one of GeoNames' alternate names ("White Hall", an old name of Atlanta)."""
    return {entry for entry, is_own in gazetteer.lookup(key) if is_own or _spelling_of(key, entry.name)}


def _acronym_clash(name: str, key: str, gazetteer: Gazetteer) -> bool:
    """'NATO' is no town called Nato: a short all-capitals word names a city only by alias."""
    letters = [ch for ch in name if ch.isalpha()]
    if not (len(letters) <= 4 and name.isupper()):
        return False
    cands = gazetteer.candidates(key)
    return bool(cands) and cands[0].kind == "city" and not gazetteer.is_alias(key)


def _spelling_of(key: str, name: str) -> bool:
    """'Misrata' for 'Misratah', 'Clacton' for 'Clacton-on-Sea'; not 'Drug' for 'Durg'."""
    own = normalize(name)
    return own.startswith(key) or SequenceMatcher(None, key, own).ratio() >= 0.8


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds without a leading "the", a trailing possessive or punctuation."""
    while start < end and not text[start].isalnum():
        start += 1
    if text[start:end].lower().startswith("the "):
        start += 4
    for suffix in ("'s", "’s", "'", "’"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
            break
    while end > start and text[end - 1] in ",;:-–—":
        end -= 1
    return start, end


def _has_capital(text: str) -> bool:
    return any(ch.isupper() for ch in text)


def _lookup_variants(name: str) -> Iterator[tuple[str, str]]:
    """(variant, how): the whole name, then without direction words, generic words, affixes."""
    yield name, "ent"
    lead = _LEADING.match(name)
    core = name[lead.end():] if lead else name
    tail = _TRAILING.search(core)
    if tail:
        yield core[: tail.start()], "county" if _COUNTY.search(core) else "trimmed"
    if lead:
        yield core, "trimmed"
    bare = _AFFIX.sub("", name)
    if bare != name:
        yield bare, "trimmed"


class ToponymFinder:
    """Finds the toponym mentions of one Doc (doc.text is built once: it is not free)."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.text = doc.text
        self.gazetteer = gazetteer
        # "Paris" is no place when "Paris Hilton" is in the article
        self.person_words = {
            token.lower_ for ent in doc.ents
            if ent.label_ == "PERSON" and len(ent) > 1 and not self._is_region(ent.text)
            and not _listing(ent)
            for token in ent
        }
        # names the model tags as places somewhere in the article vouch for other mentions
        self.place_keys = {
            normalize(ent.text) for ent in doc.ents if ent.label_ in PLACE_LABELS
        }

    def _plausible(self, key: str) -> bool:
        """Outside a place label a word names a town only if it is no common word and is a
        town's own name ("Drug" is an alternate name of Durg), or a metropolis's ("Bombay")."""
        if key in _COMMON_WORDS:
            return False
        return any(own or entry.population >= MAJOR_CITY or _spelling_of(key, entry.name)
                   for entry, own in self.gazetteer.lookup(key))

    def _bare_direction(self, name: str) -> bool:
        key = normalize(name)
        cands = self.gazetteer.candidates(key) if key in _DIRECTIONS else []
        return bool(cands) and cands[0].kind == "city"

    def _after_honorific(self, i: int) -> bool:
        """"Queen Elizabeth", "President Volodymyr": a person, whatever town has the name."""
        return i > 0 and normalize(self.doc[i - 1].text) in _HONORIFICS

    def _persons_town(self, hit: Toponym) -> bool:
        """A town named like a word of a person's name in the article ("Volodymyr" of
        "Volodymyr Zelensky" is an alternate name of Volodymyr-Volynskyi)."""
        if hit.entry is not None or hit.key not in self.person_words:
            return False
        # a big city stays itself ("Melitopol Ivan Fedorov", "Zaporizhzhia NPP" tagged PERSON)
        cands = self.gazetteer.candidates(hit.key)
        return bool(cands) and cands[0].kind == "city" and cands[0].population < KNOWN_CITY

    def _is_region(self, name: str) -> bool:
        """A country, state or region name ("Sierra Leone" tagged PERSON is no person)."""
        cands = self.gazetteer.candidates(name)
        return bool(cands) and cands[0].kind != "city"

    def entity_toponyms(self) -> Iterator[Toponym]:
        """Toponyms from entity spans: place labels, demonyms and mislabelled place names."""
        ents = list(self.doc.ents)
        skip = -1
        for index, ent in enumerate(ents):
            if index == skip:
                continue
            merged = self._merged(ent, ents[index + 1] if index + 1 < len(ents) else None)
            if merged is not None:
                skip = index + 1
                yield merged
                continue
            start, end = _trim(self.text, ent.start_char, ent.end_char)
            name = self.text[start:end]
            if not name or not _has_capital(name):
                continue
            if ent.label_ == "NORP":
                entry = self.gazetteer.country_of_demonym(_AFFIX.sub("", name))
                if entry is not None:
                    yield Toponym(start, end, demonym_key(entry), "demonym", "NORP", entry)
                    continue
            if ent.label_ in PLACE_LABELS:
                if self._bare_direction(name):
                    continue
                found = self._first_known(start, end, ent.label_)
                if found is not None:
                    yield found
                elif initials_key(name):
                    yield Toponym(start, end, initials_key(name), "initials", ent.label_)
                elif any(sep in name for sep in ",/-"):
                    yield from self._parts(start, end, ent.label_)
                elif ent.label_ != "FAC" or len(ent) > 1:
                    yield from self._embedded(ent)
            elif ent.label_ in MISLABELS:
                found = self._mislabelled(ent, start, end)
                if found is not None:
                    yield found
                elif ent.label_ in NAME_LABELS and len(ent) > 1:
                    yield from self._embedded(ent)
                elif ent.label_ == "ORG" and initials_key(name):
                    yield Toponym(start, end, initials_key(name), "initials", ent.label_)

    def _merged(self, ent: Span, after: Span | None) -> Toponym | None:
        """Two place spans split inside one name: "Burkina" "Faso", "Guinea" "-Bissau"."""
        if after is None or ent.label_ not in PLACE_LABELS or after.start - ent.end > 1:
            return None
        if after.start > ent.end and self.doc[ent.end].text not in ("-", "–"):
            return None
        start, end = _trim(self.text, ent.start_char, after.end_char)
        key = normalize(self.text[start:end])
        if _acronym_clash(self.text[start:end], key, self.gazetteer):
            return None
        return Toponym(start, end, key, "ent", ent.label_) if self.gazetteer.candidates(key) else None

    def _first_known(self, start: int, end: int, label: str) -> Toponym | None:
        for variant, how in _lookup_variants(self.text[start:end]):
            key = normalize(variant)
            cands = self.gazetteer.candidates(key) if key else []
            if cands and _acronym_clash(variant, key, self.gazetteer):
                return None
            # a trimmed core must be a place's own name, not an odd alternate ("Creek")
            if cands and (how == "ent" or any(normalize(c.name) == key for c in cands)):
                # the mention is the whole name ("northern Iraq"), looked up by its core
                return Toponym(start, end, key, how, label)
        return None

    def _parts(self, start: int, end: int, label: str) -> Iterator[Toponym]:
        """'Moscow, Idaho', 'Vienna/Fairfax', 'Amsterdam-London' as one span: each part alone."""
        for match in re.finditer(r"[^,/\-]+", self.text[start:end]):
            pstart, pend = _trim(self.text, start + match.start(), start + match.end())
            if pend > pstart:
                found = self._first_known(pstart, pend, label)
                if found is not None:
                    yield found

    def _mislabelled(self, ent: Span, start: int, end: int) -> Toponym | None:
        """A person/org/product span that is exactly a known place, and not part of a name."""
        key = normalize(self.text[start:end])
        cands = self.gazetteer.candidates(key)
        if not cands or _acronym_clash(self.text[start:end], key, self.gazetteer):
            return None
        top = cands[0]
        before = self.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if normalize(before) in _HONORIFICS or (top.kind == "city" and not self._plausible(key)):
            return None
        locative = before in _LOCATIVE or key in self.place_keys
        if ent.label_ == "PERSON":
            # a person's name unless it is a whole country or state, or placed by context
            if key in self.person_words:
                return None
            if top.kind == "city":
                ok = locative or (len(ent) == 1 and (
                    top.population >= MAJOR_CITY or self.gazetteer.is_capital(top)))
            else:
                ok = top.kind in ("country", "admin1", "region", "water") or locative
        elif top.kind != "city":
            ok = True
        else:
            ok = locative or top.population >= MAJOR_CITY or (
                len(ent) == 1 and top.population >= KNOWN_CITY)
        if ok:
            return Toponym(start, end, key, "mislabel", ent.label_)
        if top.kind == "city" and ent.root.dep_ not in _SUBJECTS:
            return Toponym(start, end, key, "weak", ent.label_)  # if the article is around it
        return None

    def _embedded(self, ent: Span) -> Iterator[Toponym]:
        """The toponym inside a longer name ("Air Zimbabwe"): its first known capitalised run,
        not the kind of feature ("Zmiinyi Island"), a person ("Queen Elizabeth Hospital") or
        the saint a church is named after ("St. Andrew's Church")."""
        church = ent[-1].lower_ in _CHURCHES
        for i in range(ent.start, ent.end):
            token = self.doc[i]
            if not token.text[:1].isupper() or token.lower_ in _FEATURE_WORDS or self._after_honorific(i):
                continue
            if church and normalize(token.text) in _SAINTS:
                return
            for j in range(min(ent.end, i + 4), i, -1):
                if self.doc[j - 1].text[:1].isupper():
                    hit = self._known_name(i, j, strict=True)
                    if hit is not None and not self._persons_town(hit):
                        yield hit
                        return

    def _known_name(self, i: int, j: int, *, strict: bool) -> Toponym | None:
        """Tokens i..j that are a country, state, region or big city name (or a demonym)."""
        start, end = _trim(self.text, self.doc[i].idx, self.doc[j - 1].idx + len(self.doc[j - 1]))
        name = self.text[start:end]
        if len(name) < 2:
            return None
        key = normalize(name)
        cands = self.gazetteer.candidates(key)
        if cands and _acronym_clash(name, key, self.gazetteer):
            return None
        if cands:
            top = cands[0]
            if top.kind == "city" and not self._plausible(key):
                return None
            if len(name) <= 2 and not name.isupper():
                return None
            # "White Hall" is an old name of Atlanta: an alternate name alone is no big city
            if top.kind != "city" or (top in own_entries(self.gazetteer, key) and top.population >= KNOWN_CITY):
                return Toponym(start, end, key, "embedded" if strict else "untagged", "")
            # a town: only a multi-word name or an untagged word, near the article's places
            if j - i > 1 or not strict:
                return Toponym(start, end, key, "weak", "")
            return None
        entry = self.gazetteer.country_of_demonym(name)
        if entry is not None:
            return Toponym(start, end, demonym_key(entry), "demonym", "", entry)
        return None

    def untagged_toponyms(self) -> Iterator[Toponym]:
        """Proper-noun runs outside every entity naming a country, state, region or big city."""
        doc, n = self.doc, len(self.doc)
        covered = [False] * n
        for ent in doc.ents:
            covered[ent.start:ent.end] = [True] * len(ent)
        i = 0
        while i < n:
            token = doc[i]
            if covered[i] or token.pos_ != "PROPN" or not token.text[:1].isupper() or (
                self._after_honorific(i)
            ):
                i += 1
                continue
            hit, width = None, 1
            for j in range(min(n, i + 4), i, -1):
                if any(covered[i:j]) or doc[j - 1].pos_ != "PROPN":
                    continue
                found = self._known_name(i, j, strict=False)
                if found is not None and not self._persons_town(found):
                    hit, width = found, j - i
                    break
            # a sentence-initial single word is often an ordinary word: only countries etc.
            if hit is not None and (width > 1 or not token.is_sent_start or hit.entry is not None
                                    or self.gazetteer.candidates(hit.key)[0].kind != "city"):
                yield hit
            elif hit is None and initials_key(token.text):
                yield Toponym(token.idx, token.idx + len(token), initials_key(token.text), "initials", "")
            i += width
