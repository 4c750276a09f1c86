"""Doc -> geocoded places: find toponyms, resolve each name to one gazetteer entry, group mentions.

Resolution order for a name with several entries (the `rule` on each Place):
  unique     only one entry has this name
  demonym    a NORP word of a country or region ("Chinese" -> China)
  kind       a country, continent, sea or named region wins over towns of its name
  qualifier  "Moscow, Idaho": the entry inside the state or country named right after it
  focus      the entry in a country or state the article's unambiguous places are in
  population the most prominent entry (population, capitals first)
  initials   "SA" in an article that names South Africa (and no other place of those initials)
  within     "Stroud, Ontario" where the gazetteer knows no Stroud in Ontario: Ontario's point
  state      a state rather than its namesake city where the text says so: "New York state",
             "the state of Washington", "New York Governor", "Buffalo, New York", "Texas, Utah and Washington"
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc

from newslens.extract.gazetteer import GazEntry, Gazetteer
from newslens.extract.place_spans import KNOWN_CITY, Toponym, ToponymFinder, own_entries
from newslens.models import Mention, Place

_FIXED_KINDS = ("country", "continent", "water", "region", "site")
_CONFIDENCE = {"unique": 0.95, "demonym": 0.85, "kind": 0.9, "qualifier": 0.9, "focus": 0.75,
               "initials": 0.7, "state": 0.85, "within": 0.5}
_INITIALS_KINDS = ("country", "admin1", "region")
_NOT_INITIALS = frozenset({"of", "the", "and"})
_DOMINANT = 10.0  # a top entry this many times more populous than the next counts as sure
_QUALIFIER = re.compile(r"\s*,\s*")
# what follows a demonym before a place's name: "the Syrian city of ", "the English town of "
_KIND_OF = re.compile(r"\b([A-Z][a-z]+)\s+(?:city|town|village|port|capital|province|region|state)\s+of\s+$")
# "New York state", and the state's own offices: "New York Governor Andrew Cuomo"
_STATE_AFTER = re.compile(r"\s+(?:[Ss]tate|[Gg]overnor|[Ll]egislature|[Aa]ttorney [Gg]eneral)\b")
_STATE_BEFORE = re.compile(r"\b[Ss]tate\s+of\s+(?:the\s+)?$")
_LIST_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
_CITY_AFTER = re.compile(r",?\s*(?:D\.\s?C\.|DC\b|[Cc]ity\b)")  # "Washington, D.C.", "New York City"
_SAME_CITY_KM = 30.0  # "Brooklyn, New York" is in the city; "Buffalo, New York" in the state


def _title_end(text: str) -> int:
    """End of a headline at the top of the text (0 when there is none): a short first line in
    title case without a closing full stop ("NATO Coalition Calls on China to Oppose ...")."""
    newline = text.find("\n")
    line = text[:newline].strip()
    if not 0 < newline <= 200 or line[-1:] in ".!?\"”":
        return 0
    words = [word for word in line.split() if len(word) > 3]
    capitalised = sum(word[:1].isupper() for word in words)
    return newline if words and capitalised >= 0.6 * len(words) else 0


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
    if cands[0].kind in _FIXED_KINDS and not (
        cands[0].kind == "country" and any(c.kind == "admin1" for c in cands)
    ):
        return cands[0], "kind"
    return None


@dataclass
class _Focus:
    """Where the article's unambiguous places are: by country, by country of local places
    (cities, states, sites: a stronger hint for a town's name than "the US"), by state."""

    countries: Counter = field(default_factory=Counter)
    local: Counter = field(default_factory=Counter)
    admin1: Counter = field(default_factory=Counter)  # states of named towns and states
    states: Counter = field(default_factory=Counter)  # states named as such ("Idaho")

    def add(self, entry: GazEntry, weight: int, gazetteer: Gazetteer) -> None:
        if entry.country:
            self.countries[entry.country] += weight
            if entry.kind in ("city", "admin1", "site"):
                self.local[entry.country] += weight
        code = gazetteer.admin1_of(entry)
        if code:
            self.admin1[code] += weight
            if entry.kind == "admin1":
                self.states[code] += weight

    def without(self, entry: GazEntry, weight: int, gazetteer: Gazetteer) -> _Focus:
        """The focus minus one name's own evidence (a name does not vouch for itself)."""
        other = _Focus(self.countries.copy(), self.local.copy(), self.admin1.copy(),
                       self.states.copy())
        other.add(entry, -weight, gazetteer)
        return other

    def weight(self, entry: GazEntry) -> tuple[int, int]:
        country = entry.country or ""
        return self.local.get(country, 0), self.countries.get(country, 0)


def _qualifiers(text: str, mentions: dict[str, list[Toponym]], resolved: dict[str, GazEntry],
                gazetteer: Gazetteer, after_kinds: tuple[str, ...] = ("admin1", "country")
                ) -> dict[str, GazEntry]:
    """key -> the state or country written right after one of its mentions ("Moscow, Idaho"),
    or as a demonym before it ("the English city of Salisbury": not Harare, once Salisbury)."""
    starts = {t.start: t.key for items in mentions.values() for t in items}
    result: dict[str, GazEntry] = {}
    for key, items in mentions.items():
        for t in items:
            gap = _QUALIFIER.match(text, t.end)
            after = starts.get(gap.end()) if gap is not None and gap.end() > t.end else None
            # the demonym is read from the text: the model often tags it a language ("English")
            kind_of = _KIND_OF.search(text, max(0, t.start - 40), t.start)
            entry = resolved.get(after) if after else None
            if entry is not None and entry.kind in after_kinds:
                result[key] = entry
            entry = gazetteer.country_of_demonym(kind_of.group(1)) if kind_of else None
            if entry is not None and entry.kind in ("admin1", "country"):
                result[key] = entry
    return result


def _choose(cands: list[GazEntry], gazetteer: Gazetteer, qualifier: GazEntry | None,
            focus: _Focus) -> tuple[GazEntry, str]:
    top = cands[0]
    if top.kind == "country":
        # "Georgia" is the US state only in a clearly US story that names no Georgian place
        state = next((c for c in cands if c.kind == "admin1"), None)
        if state is not None and focus.weight(top) == (0, 0) and (
            focus.local[state.country] >= 2 or focus.admin1[gazetteer.admin1_of(state) or ""] > 0
        ):
            return state, "focus"
        return top, "kind"
    if qualifier is not None:
        code = gazetteer.admin1_of(qualifier) if qualifier.kind == "admin1" else None
        inside = [c for c in cands if c is not qualifier and (
            gazetteer.admin1_of(c) == code if code else c.country == qualifier.country)]
        if inside:
            return inside[0], "qualifier"
    if top.kind != "city":
        # a state's or region's name is the state ("Suffolk"), unless the article is local
        # to another country and names nothing in the state's
        town = next((c for c in cands if c.kind == "city" and focus.local[c.country or ""] >= 2
                     and c.country != top.country), None)
        if town is not None and focus.weight(top) == (0, 0):
            return town, "focus"
        return top, "population"
    # "Moscow" in a story that names Idaho; a town in the state of the story's other towns
    # unless a far bigger namesake at home dwarfs it ("Louisville" by Columbus, Ohio is still
    # Kentucky's)
    for counter in (focus.states, focus.admin1):
        near = [c for c in cands if c.kind == "city" and counter[gazetteer.admin1_of(c) or ""] > 0]
        if not near or near[0] is top:
            continue
        abroad = counter is focus.states and near[0].country != top.country
        if abroad or not _dwarfs(gazetteer, top, near[0], 20):
            return near[0], "focus"
    best = max(cands, key=focus.weight)  # max keeps the most prominent among equals
    if (best is not top and best.country != top.country
            and focus.weight(best) > focus.weight(top) and not _dwarfs(gazetteer, top, best, 10)):
        return best, "focus"
    return top, "population"


def _dwarfs(gazetteer: Gazetteer, top: GazEntry, other: GazEntry, ratio: float) -> bool:
    """A capital or a metropolis keeps its name against a much smaller namesake ("Dublin",
    "St. Petersburg") when the article only names the namesake's country or region."""
    if ratio <= 0:
        return False
    if gazetteer.is_capital(top):
        ratio = min(ratio, 5)
    return other.population * ratio < top.population


def _candidates(gazetteer: Gazetteer, key: str) -> list[GazEntry]:
    """Entries named `key`; places merely having it as an alternate name only when far bigger."""
    found = gazetteer.lookup(key)
    own = [entry.population for entry, is_own in found if is_own]
    if not own:
        return [entry for entry, _ in found]
    floor = 30 * max(own)
    return [entry for entry, is_own in found if is_own or entry.population >= floor]


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
    likely: dict[str, tuple[GazEntry, int]] = {}  # pending names whose top entry counts as focus
    pending: dict[str, list[GazEntry]] = {}
    for key, items in mentions.items():
        cands = _candidates(gazetteer, key)
        if key in forced:
            decided: tuple[GazEntry, str] | None = (forced[key], "demonym")
        elif not cands:
            continue
        else:
            decided = _sure(cands)
        county = all(t.how == "county" for t in items)
        weak = all(t.how == "weak" for t in items)
        if decided is None or county or weak:
            pending[key] = cands
            if decided is None and not (county or weak) and (
                    cands[0].population >= _DOMINANT * max(cands[1].population, 1)):
                likely[key] = (cands[0], len(items))
                sure_weights.append(likely[key])
            continue
        resolved[key], rules[key] = decided
        sure_weights.append((decided[0], len(items)))
    focus = _Focus()
    for entry, weight in sure_weights:
        focus.add(entry, weight, gazetteer)
    qualifiers = _qualifiers(text, mentions, resolved, gazetteer)
    for key, cands in pending.items():
        if all(t.how == "weak" for t in mentions[key]):
            # a small town's name inside an organisation's name or untagged: only a town in a
            # state or country the article's other places are in ("Beverly Hills Police")
            # by its own name or a spelling of it: "White Hall", an old name of Atlanta, is no
            # Atlanta; "Misrata" is Misratah
            own = own_entries(gazetteer, key)
            near = [c for c in cands if c.kind == "city" and c in own and (
                focus.admin1[gazetteer.admin1_of(c) or ""] > 0 or focus.local[c.country or ""] > 0)]
            if near:
                resolved[key], rules[key] = near[0], "focus"
            continue
        if all(t.how == "county" for t in mentions[key]):
            # a county named after a town: only a big town or one in a state the article names
            cands = [c for c in cands if c.kind == "city" and (
                c.population >= KNOWN_CITY or focus.admin1[gazetteer.admin1_of(c) or ""] > 0)]
            if not cands:
                continue
        own = focus.without(*likely[key], gazetteer) if key in likely else focus
        resolved[key], rules[key] = _choose(cands, gazetteer, qualifiers.get(key), own)
    _resolve_initials(mentions, resolved, rules)
    _state_readings(text, mentions, resolved, rules, gazetteer)
    _requalify(text, mentions, resolved, rules, gazetteer)
    return _places(text, mentions, resolved, rules)


def _requalify(text: str, mentions: dict[str, list[Toponym]], resolved: dict[str, GazEntry],
               rules: dict[str, str], gazetteer: Gazetteer) -> None:
    """A town placed in another country than the state or country written after it ("Stroud,
    Ontario" had been Stroud in England): its namesake in that country, else the state itself.
    Countries are compared (the admin1 codes of states and of towns do not always agree); a
    country after a comma may start a list ("Saipan, Guam, Alaska"), so only a state counts
    there, and a country only as a demonym ("the Dutch province of Limburg")."""
    for key, region in _qualifiers(text, mentions, resolved, gazetteer, ("admin1",)).items():
        entry = resolved.get(key)
        if entry is None or entry.kind != "city" or not region.country or entry.country == region.country:
            continue
        inside = [c for c in _candidates(gazetteer, key) if c.kind == "city" and c.country == region.country]
        resolved[key], rules[key] = (inside[0], "qualifier") if inside else (region, "within")


def _dateline(text: str, t: Toponym) -> bool:
    """"NEW YORK (AP) —": the city a story was filed from."""
    return (t.start == 0 or text[t.start - 1] == "\n") and text[t.start:t.end].isupper()


def _km(a: GazEntry, b: GazEntry) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _state_readings(text: str, mentions: dict[str, list[Toponym]], resolved: dict[str, GazEntry],
                    rules: dict[str, str], gazetteer: Gazetteer) -> None:
    """A city name that is also a state's is the state where the text says so: the word
    "state" or a state office beside it, a town it qualifies that lies outside the city, or a
    list of states. The name's other bare mentions follow; a mention inside an organisation's
    name ("The New York Times") or written as the city ("Washington, D.C.") stays the city."""
    at = {(t.start, t.end): key for key, items in mentions.items() for t in items}
    ordered = sorted(at)
    position = {span: index for index, span in enumerate(ordered)}

    def says_state(t: Toponym, state: GazEntry, city: GazEntry) -> bool:
        index = position[(t.start, t.end)]
        before = resolved.get(at[ordered[index - 1]]) if index > 0 else None
        after = resolved.get(at[ordered[index + 1]]) if index + 1 < len(ordered) else None
        gap_before = text[ordered[index - 1][1]:t.start] if before is not None else ""
        gap_after = text[t.end:ordered[index + 1][0]] if after is not None else ""
        if _STATE_AFTER.match(text, t.end) or _STATE_BEFORE.search(text, max(0, t.start - 20), t.start):
            return True
        if (before is not None and before.kind == "city" and _QUALIFIER.fullmatch(gap_before)
                and gazetteer.admin1_of(before) == gazetteer.admin1_of(state) and _km(before, city) > _SAME_CITY_KM):
            return True
        return any(other is not None and other.kind == "admin1" and other != state and _LIST_GAP.match(gap)
                   for other, gap in ((before, gap_before), (after, gap_after)))

    for key, entry in list(resolved.items()):
        if entry.kind != "city":
            continue
        state = next((c for c in _candidates(gazetteer, key) if c.kind == "admin1"), None)
        if state is None:
            continue
        city = [t for t in mentions[key] if _CITY_AFTER.match(text, t.end) or _dateline(text, t)]
        said = [t for t in mentions[key] if t not in city and says_state(t, state, entry)]
        if not said:
            continue
        city += [t for t in mentions[key] if t not in said and t not in city and t.how in ("embedded", "weak")]
        if city:
            mentions[f"{key}#city"] = city
            resolved[f"{key}#city"], rules[f"{key}#city"] = entry, rules[key]
            mentions[key] = [t for t in mentions[key] if t not in city]
        resolved[key], rules[key] = state, "state"


def _initials(name: str) -> str:
    words = [word for word in re.split(r"[\s-]+", name.lower()) if word and word not in _NOT_INITIALS]
    return "".join(word[0] for word in words) if len(words) > 1 else ""


def _resolve_initials(mentions: dict[str, list[Toponym]], resolved: dict[str, GazEntry],
                      rules: dict[str, str]) -> None:
    """"SA" is South Africa where the article names it and no other place with those initials."""
    named = {entry for entry in resolved.values() if entry.kind in _INITIALS_KINDS}
    for key in mentions:
        letters, _, tag = key.partition("#")
        if tag != "initials":
            continue
        matches = [entry for entry in named if _initials(entry.name) == letters]
        if len(matches) == 1:
            resolved[key], rules[key] = matches[0], "initials"


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
