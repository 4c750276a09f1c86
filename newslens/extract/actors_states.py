"""States as actors, and what the gazetteer tells the actor step.

A capital or seat of government that is the subject of a speech or action verb stands for its
state ("Beijing says ...", "the Kremlin said", "Washington warned"): that mention becomes a
mention of the country actor (the places step still maps the place). Only then: "talks in
Beijing" stay a place. Brussels is left alone (EU, NATO or Belgium; the gazetteer says None).

NORP ("Chinese officials") stays its own NORP-typed entity, so it is never scored as a
location; its id is `norp:<country id>` ("norp:china") when the gazetteer knows the demonym,
which links it to the country actor ("china") without mixing the two.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol

from spacy.tokens import Doc, Token

# lemmas of verbs whose subject acts or speaks as a government
STATE_VERBS = frozenset(
    """
    say warn insist sign accuse urge criticize criticise deny announce respond reject condemn
    demand threaten claim call vow pledge promise agree refuse decline confirm declare order
    impose tell state argue ask welcome protest oppose support approve retaliate sanction expel
    recall summon accept dismiss blame plan want seek hope suggest stress note add believe
    consider push press offer propose release issue send launch veto rule
    """.split()
)
MAJOR_CITY = 100_000  # a bare personal-looking name that is a city this big is the city


class GazetteerLike(Protocol):
    def candidates(self, name: str) -> list[Any]: ...
    def capital_country(self, name: str) -> str | None: ...
    def country(self, iso2: str) -> Any: ...
    def country_of_demonym(self, word: str) -> Any: ...


def _call(gazetteer: Any, method: str, *args: Any) -> Any:
    """Gazetteer calls that tolerate a partial implementation (missing method -> None)."""
    function = getattr(gazetteer, method, None)
    if function is None:
        return None
    try:
        return function(*args)
    except (KeyError, LookupError, ValueError):
        return None


@lru_cache(maxsize=65_536)
def place_kind(gazetteer: Any, name: str, min_city: int = MAJOR_CITY) -> str | None:
    """ "country", "admin1", "continent", "water", "region" or "city" when `name` is a well-known
    place (cities from `min_city` people), else None."""
    entries = _call(gazetteer, "candidates", name) or []
    kinds = set()
    for entry in entries:
        kind = getattr(entry, "kind", None)
        if kind == "city":
            if (getattr(entry, "population", 0) or 0) >= min_city:
                kinds.add(kind)
        elif kind:
            kinds.add(kind)
    for kind in ("country", "continent", "admin1", "water", "region", "city"):
        if kind in kinds:
            return kind
    return None


@lru_cache(maxsize=65_536)
def capital_country(gazetteer: Any, name: str) -> str | None:
    return _call(gazetteer, "capital_country", name)


@lru_cache(maxsize=4_096)
def country_name(gazetteer: Any, iso2: str) -> str | None:
    entry = _call(gazetteer, "country", iso2)
    return getattr(entry, "name", None) if entry is not None else None


@lru_cache(maxsize=4_096)
def demonym_country(gazetteer: Any, word: str) -> str | None:
    entry = _call(gazetteer, "country_of_demonym", word)
    return getattr(entry, "name", None) if entry is not None else None


def _acting_verb(token: Token) -> bool:
    """Is this token the subject of a speech/action verb (directly or through conjunction)?"""
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = token.head
    return verb.lemma_.lower() in STATE_VERBS or (
        verb.dep_ in {"aux", "xcomp"} and verb.head.lemma_.lower() in STATE_VERBS
    )


def acting_state(doc: Doc, start: int, end: int, gazetteer: Any) -> str | None:
    """ISO2 of the state a capital/seat-of-government mention acts for, else None."""
    span = doc[start:end]
    if not _acting_verb(span.root):
        return None
    text = span.text
    iso = capital_country(gazetteer, text)
    if iso is None and start > 0 and doc[start - 1].lower_ == "the":
        iso = capital_country(gazetteer, "the " + text)
    return iso


def seat_candidates(doc: Doc, taken: list[bool]) -> list[tuple[int, int]]:
    """Capitalised subjects of speech/action verbs that no entity covers ("the Kremlin" is
    often not tagged at all): their proper-noun compound spans."""
    out = []
    for token in doc:
        if taken[token.i] or not token.text[:1].isupper() or token.pos_ != "PROPN":
            continue
        if not _acting_verb(token):
            continue
        start = token.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
            start -= 1
        if not any(taken[start : token.i + 1]):
            out.append((start, token.i + 1))
    return out
