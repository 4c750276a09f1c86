"""Doc -> geocoded places: find toponym spans, look them up, disambiguate, group mentions."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from newslens.extract.gazetteer import GazEntry, Gazetteer, normalize
from newslens.models import Mention, Place

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_MAYBE_LABELS = {"PERSON", "ORG"}  # only when exactly a country or a major city
_MAJOR_CITY = 1_000_000


@dataclass
class _Found:
    key: str  # normalised name
    mentions: list[Mention] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)
    entry: GazEntry | None = None  # set when the span itself decides (a demonym)


def _trim(span: Span) -> tuple[int, int]:
    """Character bounds without a leading "the" and a trailing possessive."""
    start, end = span.start_char, span.end_char
    text = span.doc.text
    if text[start:end].lower().startswith("the "):
        start += 4
    for suffix in ("'s", "’s", "'", "’"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
            break
    return start, end


def _spans(doc: Doc, gazetteer: Gazetteer) -> dict[str, _Found]:
    found: dict[str, _Found] = {}
    for ent in doc.ents:
        start, end = _trim(ent)
        text = doc.text[start:end]
        entry = None
        if ent.label_ == "NORP":
            entry = gazetteer.country_of_demonym(text)
            if entry is None:
                continue
            key = f"@{entry.kind}:{entry.name}"
        elif ent.label_ in _PLACE_LABELS or ent.label_ in _MAYBE_LABELS:
            key = normalize(text)
            cands = gazetteer.candidates(text)
            if not cands:
                continue
            if ent.label_ in _MAYBE_LABELS and not (
                cands[0].kind == "country" or cands[0].population >= _MAJOR_CITY
            ):
                continue
        else:
            continue
        item = found.setdefault(key, _Found(key))
        item.mentions.append(Mention(start, end, text))
        item.labels.add(ent.label_)
        item.entry = entry or item.entry
    return found


def extract_places(doc: Doc, *, gazetteer: Gazetteer) -> list[Place]:
    """One Place per distinct resolved place in `doc`, with all its mentions."""
    by_entry: dict[GazEntry, tuple[list[Mention], float, str]] = {}
    for item in _spans(doc, gazetteer).values():
        if item.entry is not None:
            entry, confidence, rule = item.entry, 0.8, "demonym"
        else:
            cands = gazetteer.candidates(item.key)
            entry = cands[0]
            confidence, rule = (0.95, "unique") if len(cands) == 1 else (0.7, "population")
        mentions, conf, old_rule = by_entry.get(entry, ([], confidence, rule))
        mentions.extend(item.mentions)
        by_entry[entry] = (mentions, max(conf, confidence), old_rule)
    return [
        Place(
            name=entry.name, country=entry.country, lat=entry.lat, lon=entry.lon, kind=entry.kind,
            geonameid=entry.geonameid,
            mentions=tuple(sorted(mentions, key=lambda m: m.start)),
            confidence=confidence, rule=rule,
        )
        for entry, (mentions, confidence, rule) in by_entry.items()
    ]
