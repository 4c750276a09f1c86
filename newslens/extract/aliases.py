"""Actor names across articles: normalisation, stable ids and the alias table.

Ids are the normalised canonical name ("Jens Stoltenberg" -> "jens-stoltenberg", "the U.S." ->
"united-states" through the alias table). The entity type is deliberately NOT part of the id:
the model flips types between articles (NATO ORG/GPE, "Stoltenberg" ORG/PERSON), and a type in
the id would split one actor into several. Within an article every id is one entity, whatever
its voted type. NORP groups get their own namespace (`norp_id`) so they never merge with the
country they belong to (see `actors_states`).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

CURATED_ALIASES = Path(__file__).parent / "data" / "aliases.csv"

_DETERMINER = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
# romanisation variants of Slavic surname endings: Zelenskyy / Zelenskiy / Zelenskij -> zelensky
# (after -sk/-ck/-zk/-r only, so "Hawaii" stays "hawaii"; "Dmitrii" = "Dmitriy" = "Dmitry")
_TRANSLIT_ENDINGS = re.compile(r"(?<=\w\w)(?:(?<=sk)|(?<=ck)|(?<=zk)|(?<=r))(?:yy|iy|ij|yi|ii)$")


def fold(text: str) -> str:
    """Accents removed and casefolded; the comparison form of a surface string."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def normalise(name: str) -> str:
    """Slug of a name: accents removed, casefolded, determiner and possessive dropped,
    punctuation folded to single hyphens ("the U.S." -> "u-s", "Jens Stoltenberg's" ->
    "jens-stoltenberg")."""
    text = _POSSESSIVE.sub("", _DETERMINER.sub("", fold(name).strip()))
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)  # U.S. -> us, but keep word breaks elsewhere
    return re.sub(r"[\W_]+", "-", text).strip("-")


def _translit(slug: str) -> str:
    return "-".join(_TRANSLIT_ENDINGS.sub("y", part) for part in slug.split("-"))


def actor_id(name: str, type: str = "") -> str:  # noqa: A002 - the contract's word
    """Stable id from the canonical name; `type` is accepted but not part of the id (see above).

    Transliteration variants of name endings fold together ("Zelenskiy" -> "zelensky").
    """
    return _slug(name)


@lru_cache(maxsize=131_072)
def _slug(name: str) -> str:
    return _translit(normalise(name))


def norp_id(name: str) -> str:
    """Id of a NORP group; `name` is the linked country's canonical name when known."""
    return "norp:" + actor_id(name)


class AliasTable:
    """Surface alias -> (canonical name, type), matched on the normalised alias."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[str, str]] = {}
        self._acronyms: set[str] = set()  # keys that must not match a lower-case word ("us", "who")

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str, str]]) -> AliasTable:
        table = cls()
        for alias, canonical, type_ in rows:
            table.add(alias, canonical, type_)
        return table

    @classmethod
    def default(cls) -> AliasTable:
        """The curated table shipped with the package."""
        table = cls()
        if CURATED_ALIASES.is_file():
            table._read(CURATED_ALIASES.read_text(encoding="utf-8"))
        return table

    @classmethod
    def load(cls, *paths: str | Path) -> AliasTable:
        """Curated table plus user files (same columns); later rows win; missing files are fine."""
        table = cls.default()
        for path in paths:
            path = Path(path)
            if path.is_file():
                table._read(path.read_text(encoding="utf-8-sig"))
        return table

    def add(self, alias: str, canonical: str, type_: str = "") -> None:
        key = actor_id(alias)
        if key and canonical.strip():
            self._rows[key] = (canonical.strip(), type_.strip().upper())
            if alias.strip().replace(".", "").isupper():
                self._acronyms.add(key)
        # the canonical name always maps to itself, so its type is known too
        own = actor_id(canonical)
        if own and own not in self._rows:
            self._rows[own] = (canonical.strip(), type_.strip().upper())

    def _read(self, text: str) -> None:
        for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
            self.add(row.get("alias") or "", row.get("canonical") or "", row.get("type") or "")

    def lookup(self, name: str) -> tuple[str, str] | None:
        """(canonical, type) for a surface name; type is "" when the row gives none."""
        key = actor_id(name)
        if key in self._acronyms and name.strip().islower():
            return None
        hit = self._rows.get(key)
        # follow a user's remapping of a canonical name ("NATO" -> "North Atlantic Alliance"
        # also moves the curated "North Atlantic Treaty Organization" -> "NATO")
        for _ in range(4):
            nxt = self._rows.get(actor_id(hit[0])) if hit else None
            if nxt is None or nxt[0] == hit[0]:
                break
            hit = (nxt[0], nxt[1] or hit[1])
        return hit

    def canonical(self, name: str) -> str | None:
        hit = self.lookup(name)
        return hit[0] if hit else None

    def type_of(self, name: str) -> str | None:
        hit = self.lookup(name)
        return (hit[1] or None) if hit else None

    def __len__(self) -> int:
        return len(self._rows)
