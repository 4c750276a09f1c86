"""Actors of one article: spaCy entities -> canonical Entity records with all their mentions.

Steps (each a small rule, see the helper modules):
1. candidates: the model's PERSON/ORG/GPE/LOC/FAC/NORP spans, cleaned (determiners, titles,
   possessives, trailing numbers cut; spans split at newlines, brackets, " - "), plus names the
   model missed in results rows and initials ("C. Lewis") (actors_spans, actors_layout).
2. groups by canonical name (alias table, then the normalised name), type voted across all
   mentions; where a name stands (dateline, score line, after a role noun) outweighs the
   model's label there. Groups seen only in headlines, captions, photo credits or bylines are
   dropped unless the body, the alias table or the gazetteer confirms them.
3. people: short forms ("Stoltenberg", "Jens", "C. Lewis") join the full name; the gazetteer
   turns a bare personal-looking name that is a country or major city into a place ("Kyiv").
4. more mentions: other occurrences of the same names the model missed (headlines included),
   role nouns attached to a person ("alliance head", later "the secretary general"), and
   capitals acting for their state ("Beijing says" -> China).
Pronouns are never mentions here (speaker resolution handles them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from newslens.extract.actors_layout import (
    in_place_list,
    is_dateline,
    is_team_slot,
    person_shapes,
    role_before,
    score_row_names,
)
from newslens.extract.actors_people import find_role_mentions, link_short_form, role_keys
from newslens.extract.actors_spans import (
    ACTOR_LABELS,
    BODY,
    CREDIT,
    FAC_WORDS,
    HEADLINE,
    ORG_WORDS,
    Cand,
    candidates,
    token_zones,
)
from newslens.extract.actors_states import (
    acting_state,
    country_name,
    demonym_country,
    place_kind,
    seat_candidates,
)
from newslens.extract.aliases import AliasTable, actor_id, norp_id
from newslens.extract.place_spans import PLACE_LABELS
from newslens.models import Entity, Mention

__all__ = ["AliasTable", "actor_id", "extract_actors"]

# tie-break order of the type vote
_TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
_MAX_PROPAGATE = 6  # longest name (in tokens) looked for again in the text


@dataclass
class Group:
    key: str
    name: str
    alias_type: str = ""
    votes: Counter = field(default_factory=Counter)
    spans: dict[tuple[int, int], str] = field(default_factory=dict)  # token span -> zone
    type: str = ""
    plural: bool = False  # a one-word name tagged as a plural proper noun ("Canucks")

    def add(self, start: int, end: int, label: str, zone: str) -> None:
        self.spans.setdefault((start, end), zone)
        if label:
            self.votes[label] += 1 if zone == BODY else 0.5

    def vote(self) -> str:
        if self.alias_type:
            return self.alias_type
        if not self.votes:
            return "ORG"
        return max(self.votes, key=lambda t: (self.votes[t], -_TYPE_ORDER.index(t)))

    @property
    def first(self) -> int:
        return min(s for s, _ in self.spans)

    @property
    def in_body(self) -> bool:
        return any(zone == BODY for zone in self.spans.values())


def _display(text: str) -> str:
    """ALL-CAPS headline names read better in title case; acronyms (<= 4 letters) stay."""
    if text.isupper():
        return " ".join(w.title() if len(w) > 4 else w for w in text.split())
    return text


def _group_key(text: str, label: str, aliases: AliasTable, gazetteer: Any) -> tuple[str, str, str]:
    """(key, canonical name, alias type) of one mention."""
    if label == "NORP":
        country = demonym_country(gazetteer, text)
        if country:
            return norp_id(aliases.canonical(country) or country), _display(text), "NORP"
        return norp_id(text), _display(text), "NORP"
    hit = aliases.lookup(text)
    if hit:
        return actor_id(hit[0]), hit[0], hit[1]
    return actor_id(text), _display(" ".join(text.split())), ""


def extract_actors(doc: Doc, *, gazetteer: Any, aliases: AliasTable) -> list[Entity]:
    """Canonical actors of one article, each with all its mentions (char offsets into doc.text)."""
    zones = token_zones(doc)
    groups: dict[str, Group] = {}

    def add(cand: Cand) -> None:
        text = doc[cand.start : cand.end].text
        key, name, alias_type = _group_key(text, cand.label, aliases, gazetteer)
        if not key:
            return
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(key, name, alias_type)
        elif group.name.isupper() and not name.isupper() and not alias_type:
            group.name = name
        label = cand.label
        # where the name stands outweighs the model's label there
        if cand.end - cand.start == 1 and doc[cand.start].tag_ == "NNPS":
            group.plural = True
        if label == "PERSON" and in_place_list(doc, cand.start, cand.end):
            label = "GPE"  # "Regina, Moose Jaw and Estevan"
            group.votes[label] += 1
        if label not in ("PERSON", "NORP"):
            if role_before(doc, cand.start, cand.end):
                label = "PERSON"
                group.votes[label] += 1
            elif is_dateline(doc, cand.start, cand.end):
                label = "GPE"
                group.votes[label] += 1
            elif is_team_slot(doc, cand.start, cand.end):
                label = "ORG"
                group.votes[label] += 1
        group.add(cand.start, cand.end, label, cand.zone)

    found = candidates(doc, zones)
    for cand in found:
        add(cand)
    taken = [False] * len(doc)
    for cand in found:
        taken[cand.start : cand.end] = [True] * (cand.end - cand.start)
    for start, end in score_row_names(doc, taken):
        add(Cand(start, end, "ORG", zones[start]))
        taken[start:end] = [True] * (end - start)

    def is_country(word: str) -> bool:
        return place_kind(gazetteer, word) == "country" or aliases.type_of(word) == "GPE"

    for start, end in person_shapes(doc, taken, is_country):
        if not place_kind(gazetteer, doc[start:end].text):
            add(Cand(start, end, "PERSON", zones[start]))
    for group in groups.values():
        group.type = group.vote()

    _link_people(doc, groups, gazetteer)
    _confirm(doc, groups, aliases, gazetteer)
    _retype(groups, gazetteer)
    _propagate(doc, groups, zones)
    _add_roles(doc, groups)
    _add_state_mentions(doc, groups, aliases, gazetteer)
    return _entities(doc, groups)


def _person_named_org(group: Group, groups: dict[str, Group], gazetteer: Any) -> bool:
    """A two- or three-word "organisation" whose last word stands alone elsewhere in the text
    is a person the model mistyped ("Nora Quill" ... "Quill, who argued it"): organisations
    are not called by the last word of their name, people are. Plural last words ("the Leafs"),
    names opening with a place ("Manchester United") and institution words stay organisations."""
    if group.type != "ORG" or group.alias_type or group.plural:
        return False
    words = group.name.split()
    if not 2 <= len(words) <= 3 or not all(w.isalpha() and w.istitle() for w in words):
        return False
    last = actor_id(words[-1])
    if any(actor_id(w) in ORG_WORDS | FAC_WORDS for w in words):
        return False
    if place_kind(gazetteer, words[0], 0) or place_kind(gazetteer, group.name, 0):
        return False
    first = actor_id(words[0])
    if any(
        other is not group and other.type == "ORG" and actor_id(other.name.split()[0]) == first
        for other in groups.values()
    ):
        return False  # "Vexa Systems" beside "Vexa Labs": a family of organisation names
    alone = groups.get(last)
    return (
        alone is not None
        and alone is not group
        and alone.type in ("ORG", "PERSON")
        and not alone.alias_type
        and not alone.plural
        and len(alone.name.split()) == 1
    )


def _link_people(doc: Doc, groups: dict[str, Group], gazetteer: Any) -> None:
    """Move short-form mentions ("Stoltenberg", "Wang", "C. Lewis") into the full name."""
    for group in [g for g in groups.values() if _person_named_org(g, groups, gazetteer)]:
        group.type = "PERSON"
    full: dict[str, tuple[list[str], int]] = {}
    for key, group in groups.items():
        if group.type != "PERSON":
            continue
        words = [actor_id(w) for w in group.name.split() if actor_id(w)]
        if len(words) >= 2:
            full[key] = (words, group.first)
    if not full:
        return
    # longest names first, so "M. Bevan" has joined "Michael Bevan" before "Bevan" looks for
    # its owner; full names are tried too ("Van Koeverden" -> "Adam van Koeverden")
    for key, group in sorted(groups.items(), key=lambda item: -len(item[1].name.split())):
        if group.type == "NORP" or group.alias_type not in ("", "PERSON"):
            continue
        if group.type in PLACE_LABELS and place_kind(gazetteer, group.name):
            continue  # "Kyiv" stays a place even next to a "Kyiv Somebody"
        for (start, end), zone in list(group.spans.items()):
            words = doc[start:end].text.split()
            target = link_short_form(words, start, full)
            if target and target != key:
                del group.spans[(start, end)]
                groups[target].spans.setdefault((start, end), zone)
                groups[target].votes["PERSON"] += 1
        if not group.spans:
            del groups[key]
            full.pop(key, None)


def _confirm(doc: Doc, groups: dict[str, Group], aliases: AliasTable, gazetteer: Any) -> None:
    """Drop groups seen only in headlines or photo credits unless something confirms them:
    the alias table, a word of a person named in the body, or (headlines) a known place."""
    body_words = {
        actor_id(word)
        for group in groups.values()
        if group.in_body and group.type == "PERSON"
        for word in group.name.split()
    }
    for key, group in list(groups.items()):
        if group.in_body:
            continue
        zones = set(group.spans.values())
        words = {actor_id(word) for word in group.name.split()}
        if zones == {CREDIT}:  # a photographer or an agency, unless the story names them
            confirmed = bool(words) and words <= body_words
        else:
            confirmed = (
                aliases.lookup(group.name) is not None
                or (words and words <= body_words)
                or (group.type != "PERSON" and place_kind(gazetteer, group.name))
            )
        if not confirmed:
            del groups[key]


def _retype(groups: dict[str, Group], gazetteer: Any) -> None:
    """A bare name the gazetteer knows as a country or major city is not a person ("Kyiv");
    a country the model called an organisation is a state; a "person" named like an
    institution or a street is not one ("Dixon Hall", "Robert Bosch GmbH", "Eglinton Avenue")."""
    for key, group in list(groups.items()):
        if group.alias_type:
            if group.alias_type not in ACTOR_LABELS:
                del groups[key]  # the alias table knows it is no actor (Brexit: an EVENT)
            continue
        if group.type == "PERSON":
            words = group.name.split()
            last = actor_id(words[-1])
            if any(ch.isdigit() for ch in group.name) or last in ORG_WORDS:
                group.type = "ORG"
                continue
            if last in FAC_WORDS and len(words) > 1:
                group.type = "FAC"
                continue
        if group.type == "PERSON" and len(group.name.split()) == 1 and group.plural:
            group.type = "ORG"  # "the Canucks", "the Greens": a plural proper noun is a group
            continue
        if group.type == "PERSON" and len(group.name.split()) == 1 or group.type == "ORG":
            kind = place_kind(gazetteer, group.name)
            place_votes = group.votes["GPE"] + group.votes["LOC"]
            if not kind and group.type == "PERSON" and place_votes and 2 * place_votes >= group.votes["PERSON"]:
                # the model hesitated (a third of the votes or more): any town; two place
                # votes among 48 for a person do not make "Obama" the Japanese town
                kind = place_kind(gazetteer, group.name, 0)
            if group.type == "PERSON" and kind:
                group.type = "GPE" if kind in {"country", "city", "admin1"} else "LOC"
            elif group.type == "ORG" and kind == "country":
                group.type = "GPE"


def _propagate(doc: Doc, groups: dict[str, Group], zones: list[str]) -> None:
    """Other occurrences of a group's names that the model missed, and person surnames."""
    taken = _taken(doc, groups)
    surfaces: dict[tuple[str, ...], str | None] = {}

    def offer(words: tuple[str, ...], key: str) -> None:
        if words in surfaces and surfaces[words] != key:
            surfaces[words] = None  # ambiguous: belongs to two actors
        else:
            surfaces[words] = key

    for key, group in groups.items():
        for start, end in group.spans:
            offer(tuple(t.lower_ for t in doc[start:end]), key)
        if group.type == "PERSON":
            for start, end in group.spans:
                if end - start >= 2 and doc[end - 1].is_alpha and len(doc[end - 1]) > 2:
                    offer((doc[end - 1].lower_,), key)
    lengths = sorted({len(words) for words in surfaces}, reverse=True)
    exact = {tuple(t.text for t in doc[s:e]) for group in groups.values() for s, e in group.spans}
    i, n = 0, len(doc)
    while i < n:
        if taken[i] or zones[i] == CREDIT or not doc[i].text[:1].isupper():
            i += 1
            continue
        step = 1
        for length in lengths:
            if length > _MAX_PROPAGATE or i + length > n:
                continue
            words = tuple(t.lower_ for t in doc[i : i + length])
            key = surfaces.get(words)
            if key is None or any(taken[i : i + length]):
                continue
            if not _fits(doc, i, i + length, exact, zones):
                continue
            groups[key].spans.setdefault((i, i + length), zones[i])
            for j in range(i, i + length):
                taken[j] = True
            step = length
            break
        i += step


def _fits(doc: Doc, start: int, end: int, exact: set[tuple[str, ...]], zones: list[str]) -> bool:
    """A found name must look like a name where it stands: same capitalisation as a known
    mention (or an ALL-CAPS line), not glued to other capitalised words, and a single word at
    a sentence start only when tagged a proper noun."""
    span = doc[start:end]
    caps = span.text.isupper() and zones[start] == HEADLINE
    if not caps and tuple(t.text for t in span) not in exact:
        last = doc[end - 1]
        if not (end - start == 1 and last.text[:1].isupper() and not last.text.isupper()):
            return False
    if not caps:
        for j in (start - 1, end):
            if 0 <= j < len(doc) and doc[j].is_alpha and doc[j].text[:1].isupper():
                if not (j == start - 1 and doc[j].is_sent_start and doc[j].pos_ != "PROPN"):
                    return False
    if end - start == 1 and span[0].is_sent_start and span[0].pos_ != "PROPN" and not caps:
        return False
    return True


def _taken(doc: Doc, groups: dict[str, Group]) -> list[bool]:
    taken = [False] * len(doc)
    for group in groups.values():
        for start, end in group.spans:
            for i in range(start, end):
                taken[i] = True
    return taken


def _add_roles(doc: Doc, groups: dict[str, Group]) -> None:
    """Role nouns attached to a person become (lower-case, unscored) mentions of that person."""
    taken = _taken(doc, groups)
    roles: dict[str, list[tuple[int, str]]] = {}
    for key, group in groups.items():
        if group.type != "PERSON":
            continue
        for start, end in sorted(group.spans):
            keys, span = role_keys(doc, start, end, taken)
            for phrase in keys:
                roles.setdefault(phrase, []).append((start, key))
            if span and not any(taken[span[0] : span[1]]):
                group.spans.setdefault(span, BODY)
                for j in range(*span):
                    taken[j] = True
    for start, end, key in find_role_mentions(doc, roles, taken):
        groups[key].spans.setdefault((start, end), BODY)


def _add_state_mentions(doc: Doc, groups: dict[str, Group], aliases: AliasTable, gazetteer: Any) -> None:
    """ "Beijing says", "the Kremlin said": the mention moves to (or creates) the country actor."""
    moves: list[tuple[str, tuple[int, int], str]] = []
    for key, group in groups.items():
        if group.type not in ("GPE", "ORG", "FAC", "LOC"):
            continue
        for span in group.spans:
            iso = acting_state(doc, *span, gazetteer)
            if iso:
                moves.append((key, span, iso))
    taken = _taken(doc, groups)
    for span in seat_candidates(doc, taken):
        iso = acting_state(doc, *span, gazetteer)
        if iso:
            moves.append(("", span, iso))
    for key, span, iso in moves:
        name = country_name(gazetteer, iso)
        if not name:
            continue
        canonical = aliases.canonical(name) or name
        target_key = actor_id(canonical)
        if target_key == key:
            continue
        if key:
            zone = groups[key].spans.pop(span)
            if not groups[key].spans:
                del groups[key]
        else:
            zone = BODY
        target = groups.get(target_key)
        if target is None:
            target = groups[target_key] = Group(target_key, canonical, "GPE", type="GPE")
        target.spans.setdefault(span, zone)


def _entities(doc: Doc, groups: dict[str, Group]) -> list[Entity]:
    out, seen = [], set()
    for group in sorted(groups.values(), key=lambda g: g.first):
        mentions = []
        for start, end in sorted(group.spans):
            char_start, char_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
            if (char_start, char_end) in seen:
                continue  # one span, one actor
            seen.add((char_start, char_end))
            mentions.append(Mention(char_start, char_end, doc[start:end].text))
        if mentions:
            out.append(Entity(group.key, group.name, group.type or group.vote(), tuple(mentions)))
    return out
