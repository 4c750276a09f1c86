"""Doc -> geocoded places: find toponyms, resolve each name to one gazetteer entry, group mentions.

Resolution order for a name with several entries (the `rule` on each Place):
  unique     only one entry has this name
  demonym    a NORP word of a country or region ("Chinese" -> China)
  kind       a country, continent, sea or named region wins over towns of its name
  qualifier  "Moscow, Idaho": the entry inside the state or country named right after it
  focus      the entry in a country or state the article's unambiguous places are in
  population the most prominent entry (population, capitals first)
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.tokens import Doc

from newslens.extract.gazetteer import GazEntry, Gazetteer, normalize
from newslens.extract.place_spans import Toponym, ToponymFinder
from newslens.models import Mention, Place

_FIXED_KINDS = ("country", "continent", "water", "region", "site")
_CONFIDENCE = {"unique": 0.95, "demonym": 0.85, "kind": 0.9, "qualifier": 0.9, "focus": 0.75}
_DOMINANT = 20.0  # a top entry this many times more populous than the next counts as sure
_QUALIFIER = re.compile(r"\s*,\s*")


def _title_end(text: str) -> int:
    """End of a headline line at the top of the text (0 when there is none)."""
    newline = text.find("\n")
    if 0 < newline <= 300 and text[:newline].rstrip()[-1:] not in ".!?\"”":
        return newline
    return 0


def _find(doc: Doc, gazetteer: Gazetteer) -> tuple[list[Toponym], str]:
    finder = ToponymFinder(doc, gazetteer)
    found = [*finder.entity_toponyms(), *finder.untagged_toponyms()]
    # headline words count only when the body names the same place
    title_end = _title_end(finder.text)
    if title_end:
        body_keys = {t.key for t in found if t.start >= title_end}
        found = [t for t in found if t.start >= title_end or t.key in body_keys]
    return found, finder.text


def _sure(cands: list[GazEntry]) -> tuple[GazEntry, str] | None:
    if len(cands) == 1:
        return cands[0], "unique"
    if cands[0].kind in _FIXED_KINDS:
        return cands[0], "kind"
    return None


def _focus(doc_entries: list[tuple[GazEntry, int]], gazetteer: Gazetteer) -> tuple[Counter, Counter]:
    countries: Counter[str] = Counter()
    admin1: Counter[str] = Counter()
    for entry, weight in doc_entries:
        if entry.country:
            countries[entry.country] += weight
        code = gazetteer.admin1_of(entry)
        if code:
            admin1[code] += weight
    return countries, admin1


def _qualifiers(text: str, mentions: dict[str, list[Toponym]], resolved: dict[str, GazEntry]
                ) -> dict[str, GazEntry]:
    """key -> the state or country written right after one of its mentions ("Moscow, Idaho")."""
    starts = {t.start: t.key for items in mentions.values() for t in items}
    result: dict[str, GazEntry] = {}
    for key, items in mentions.items():
        for t in items:
            gap = _QUALIFIER.match(text, t.end)
            if gap is None or gap.end() == t.end:
                continue
            after = starts.get(gap.end())
            entry = resolved.get(after) if after else None
            if entry is not None and entry.kind in ("admin1", "country"):
                result[key] = entry
    return result


def _choose(key: str, cands: list[GazEntry], gazetteer: Gazetteer, qualifier: GazEntry | None,
            countries: Counter, admin1: Counter) -> tuple[GazEntry, str]:
    # places of this very name before places that merely have it as an alternate name
    own = [c for c in cands if normalize(c.name) == key]
    if own and own[0] is not cands[0] and cands[0].population < 10 * own[0].population:
        cands = own + [c for c in cands if c not in own]
    top = cands[0]
    if qualifier is not None:
        code = gazetteer.admin1_of(qualifier) if qualifier.kind == "admin1" else None
        inside = [c for c in cands if c is not qualifier and (
            gazetteer.admin1_of(c) == code if code else c.country == qualifier.country)]
        if inside:
            return inside[0], "qualifier"
    in_state = [c for c in cands if admin1.get(gazetteer.admin1_of(c) or "", 0) > 0]
    if in_state and in_state[0].kind == "city":
        return in_state[0], "focus"
    if countries:
        best = max(cands, key=lambda c: countries.get(c.country or "", 0))
        weight = countries.get(best.country or "", 0)
        # a foreign capital keeps its name against a small namesake at home
        if weight > 0 and best is not top and best.country != top.country:
            giant = gazetteer.is_capital(top) and best.population * 20 < top.population
            if top.kind == "country":  # "Georgia" is the US state only in a clearly US story
                giant = countries.get(top.country or "", 0) > 0 or weight < 2
            if not giant:
                return best, "focus"
    return top, "population"


def extract_places(doc: Doc, *, gazetteer: Gazetteer) -> list[Place]:
    """One Place per distinct resolved place in `doc`, with all its mentions."""
    mentions: dict[str, list[Toponym]] = defaultdict(list)
    forced: dict[str, GazEntry] = {}
    found, text = _find(doc, gazetteer)
    for toponym in found:
        mentions[toponym.key].append(toponym)
        if toponym.entry is not None:
            forced[toponym.key] = toponym.entry
    resolved: dict[str, GazEntry] = {}
    rules: dict[str, str] = {}
    sure_weights: list[tuple[GazEntry, int]] = []
    pending: dict[str, list[GazEntry]] = {}
    for key, items in mentions.items():
        cands = gazetteer.candidates(key)
        if key in forced:
            decided: tuple[GazEntry, str] | None = (forced[key], "demonym")
        elif not cands:
            continue
        else:
            decided = _sure(cands)
        if decided is None:
            pending[key] = cands
            if len(cands) > 1 and cands[0].population >= _DOMINANT * max(cands[1].population, 1):
                sure_weights.append((cands[0], len(items)))
            continue
        resolved[key], rules[key] = decided
        sure_weights.append((decided[0], len(items)))
    countries, admin1 = _focus(sure_weights, gazetteer)
    qualifiers = _qualifiers(text, mentions, resolved)
    for key, cands in pending.items():
        resolved[key], rules[key] = _choose(key, cands, gazetteer, qualifiers.get(key), countries, admin1)
    return _places(text, mentions, resolved, rules)


def _places(text: str, mentions: dict[str, list[Toponym]], resolved: dict[str, GazEntry],
            rules: dict[str, str]) -> list[Place]:
    grouped: dict[GazEntry, tuple[set[tuple[int, int]], str]] = {}
    for key, entry in resolved.items():
        spans, rule = grouped.get(entry, (set(), rules[key]))
        spans.update((t.start, t.end) for t in mentions[key])
        if _CONFIDENCE.get(rules[key], 0.5) > _CONFIDENCE.get(rule, 0.5):
            rule = rules[key]
        grouped[entry] = (spans, rule)
    places = []
    for entry, (spans, rule) in grouped.items():
        ordered = _without_overlaps(sorted(spans))
        places.append(Place(
            name=entry.name, country=entry.country, lat=entry.lat, lon=entry.lon, kind=entry.kind,
            geonameid=entry.geonameid,
            mentions=tuple(Mention(s, e, text[s:e]) for s, e in ordered),
            confidence=_CONFIDENCE.get(rule, 0.6), rule=rule,
        ))
    places.sort(key=lambda p: p.mentions[0].start)
    return places


def _without_overlaps(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if kept and start < kept[-1][1]:
            if end - start > kept[-1][1] - kept[-1][0]:
                kept[-1] = (start, end)
            continue
        kept.append((start, end))
    return kept
