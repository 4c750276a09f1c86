"""Actors of one article: spaCy entities -> canonical Entity records with all their mentions.

First version: groups named-entity mentions by canonical name, merges surname-only mentions into
the full name, votes the type across mentions. Ids come from `actor_id` (see there).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from newslens.models import Entity, Mention

CURATED_ALIASES = Path(__file__).parent / "data" / "aliases.csv"
ACTOR_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")


def normalise(name: str) -> str:
    """Accents removed, casefolded, punctuation folded to single hyphens."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"'s\b", "", text)
    return re.sub(r"[\W_]+", "-", text).strip("-")


def actor_id(name: str, type: str) -> str:
    """Stable id from the canonical name; people get a 'person:' namespace, others do not."""
    key = normalise(name)
    return f"person:{key}" if type == "PERSON" else key


class AliasTable:
    """alias -> (canonical, type), matched on the normalised alias."""

    def __init__(self, rows: dict[str, tuple[str, str]] | None = None) -> None:
        self._rows: dict[str, tuple[str, str]] = dict(rows or {})

    @classmethod
    def default(cls) -> AliasTable:
        table = cls()
        if CURATED_ALIASES.is_file():
            table._read(CURATED_ALIASES.read_text(encoding="utf-8"))
        return table

    @classmethod
    def load(cls, *paths: str | Path) -> AliasTable:
        table = cls.default()
        for path in paths:
            path = Path(path)
            if path.is_file():  # a missing user file is fine
                table._read(path.read_text(encoding="utf-8"))
        return table

    def _read(self, text: str) -> None:
        for row in csv.DictReader(text.splitlines()):
            alias, canonical = (row.get("alias") or "").strip(), (row.get("canonical") or "").strip()
            if alias and canonical:
                self._rows[normalise(alias)] = (canonical, (row.get("type") or "").strip())

    def canonical(self, name: str) -> str | None:
        hit = self._rows.get(normalise(name))
        return hit[0] if hit else None

    def type_of(self, name: str) -> str | None:
        hit = self._rows.get(normalise(name))
        return (hit[1] or None) if hit else None


def extract_actors(doc: Doc, *, gazetteer: Any, aliases: AliasTable) -> list[Entity]:
    groups: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for ent in doc.ents:
        if ent.label_ not in ACTOR_TYPES:
            continue
        name = aliases.canonical(ent.text) or ent.text
        groups[name].append((ent.start_char, ent.end_char, ent.label_))
    # surname-only -> the full name that ends with it
    full = [n for n in groups if " " in n]
    for name in list(groups):
        if " " in name:
            continue
        owners = [f for f in full if f.split()[-1] == name]
        if len(owners) == 1:
            groups[owners[0]].extend(groups.pop(name))
    out = []
    for name, items in groups.items():
        label = Counter(t for _, _, t in items).most_common(1)[0][0]
        mentions = tuple(Mention(s, e, doc.text[s:e]) for s, e, _ in sorted(set(items)))
        out.append(Entity(actor_id(name, label), name, label, mentions))
    return out
