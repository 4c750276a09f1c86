"""Small frozen records that cross module boundaries.

Offsets are character offsets into the article text, end exclusive. `to_dict()` gives the
shape of the extraction contract (README, "Extraction contract").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    author: str | None = None
    origin: str | None = None  # file (and line/entry) it was read from, for problem reports


@dataclass(frozen=True)
class IngestProblem:
    source: str  # file path or upload name, with line/entry where known
    reason: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A canonical actor within one article; `id` is stable across articles."""

    id: str
    name: str
    type: str  # PERSON | ORG | GPE | LOC | NORP | FAC | EVENT | ...
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    kind: str  # country | admin1 | city | region | continent | water | ...
    geonameid: int | None = None
    mentions: tuple[Mention, ...] = ()
    confidence: float = 1.0
    rule: str = ""  # which disambiguation rule chose this entry


@dataclass(frozen=True)
class Quote:
    text: str  # without the quote marks
    start: int
    end: int
    kind: str  # direct | partial | indirect
    speaker: str | None = None
    speaker_id: str | None = None
    speaker_mention: Mention | None = None
    cue: str | None = None
    confidence: float = 0.5
    subject_ids: tuple[str, ...] = ()  # actors spoken about (entity ids)


@dataclass(frozen=True)
class DateRef:
    text: str
    start: int
    end: int
    date: str | None  # YYYY-MM-DD (day), YYYY-MM-01 (month) or YYYY-01-01 (year)
    granularity: str | None  # day | month | year


@dataclass(frozen=True)
class ArticleRecord:
    """Everything extracted from one article: one line of the extraction contract."""

    id: str
    published: str | None
    entities: tuple[Entity, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    dates: tuple[DateRef, ...] = ()
    notes: tuple[str, ...] = field(default=())  # e.g. "text cut at 200,000 of 250,000 characters"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "published": self.published,
            "entities": [dataclasses.asdict(e) for e in self.entities],
            "places": [dataclasses.asdict(p) for p in self.places],
            "quotes": [
                {**dataclasses.asdict(q), "subject_ids": list(q.subject_ids)} for q in self.quotes
            ],
            "dates": [dataclasses.asdict(d) for d in self.dates],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleRecord:
        def mentions(items: list[dict]) -> tuple[Mention, ...]:
            return tuple(Mention(m["start"], m["end"], m["text"]) for m in items or ())

        return cls(
            id=data["id"],
            published=data.get("published"),
            entities=tuple(
                Entity(e["id"], e["name"], e["type"], mentions(e.get("mentions")))
                for e in data.get("entities", ())
            ),
            places=tuple(
                Place(
                    name=p["name"], country=p.get("country"), lat=p["lat"], lon=p["lon"],
                    kind=p.get("kind", ""), geonameid=p.get("geonameid"),
                    mentions=mentions(p.get("mentions")),
                    confidence=p.get("confidence", 1.0), rule=p.get("rule", ""),
                )
                for p in data.get("places", ())
            ),
            quotes=tuple(
                Quote(
                    text=q["text"], start=q["start"], end=q["end"], kind=q["kind"],
                    speaker=q.get("speaker"), speaker_id=q.get("speaker_id"),
                    speaker_mention=(
                        Mention(**q["speaker_mention"]) if q.get("speaker_mention") else None
                    ),
                    cue=q.get("cue"), confidence=q.get("confidence", 0.5),
                    subject_ids=tuple(q.get("subject_ids", ())),
                )
                for q in data.get("quotes", ())
            ),
            dates=tuple(
                DateRef(d["text"], d["start"], d["end"], d.get("date"), d.get("granularity"))
                for d in data.get("dates", ())
            ),
            notes=tuple(data.get("notes", ())),
        )
