"""Place extraction on hand-built Docs (fast), and the seed article with the real model."""

from __future__ import annotations

import json
import math
import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span

from newslens.extract.gazetteer import Gazetteer
from newslens.extract.places import extract_places
from newslens.models import Place
from tests.conftest import SEED_GOLD, SEED_PATH

_MARK = re.compile(r"\[([^\]]+)\]\(([A-Z_]+)\)")


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dp, dl = map(math.radians, (lat1, lat2, lat2 - lat1, lon2 - lon1))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def make_doc(nlp: Language, markup: str) -> Doc:
    """'Police in [Moscow](GPE) said' -> a Doc with those entities; capitalised words PROPN."""
    text, spans, pos = "", [], 0
    for match in _MARK.finditer(markup):
        text += markup[pos:match.start()]
        spans.append((len(text), len(text) + len(match.group(1)), match.group(2)))
        text += match.group(1)
        pos = match.end()
    text += markup[pos:]
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(s, e, label=label, alignment_mode="strict") for s, e, label in spans]
    for token in doc:
        token.pos_ = "PROPN" if token.text[:1].isupper() else "NOUN"
    return doc


def places_of(nlp: Language, gaz: Gazetteer, markup: str) -> dict[str, Place]:
    doc = make_doc(nlp, markup)
    places = extract_places(doc, gazetteer=gaz)
    for place in places:  # the contract: mention text is exactly the text at its offsets
        assert all(doc.text[m.start:m.end] == m.text for m in place.mentions)
    return {place.name: place for place in places}


@pytest.mark.parametrize(
    ("markup", "name", "country", "rule"),
    [
        ("Protests in [Moscow](GPE) grew.", "Moscow", "RU", None),
        ("Police in [Moscow](GPE), [Idaho](GPE) said on Monday.", "Moscow", "US", "qualifier"),
        ("The [Boise](GPE) office said the [Idaho](GPE) case in [Moscow](GPE) is closed.",
         "Moscow", "US", "focus"),
        ("Talks in [Kyiv](PERSON) resumed.", "Kyiv", "UA", None),  # small models say PERSON
        ("Officials in [Kiev](GPE) agreed.", "Kyiv", "UA", None),
        ("[Georgia](GPE) and [Armenia](GPE) signed a deal in [Tbilisi](GPE).", "Georgia", "GE", None),
        ("Voters in [Atlanta](GPE), [Savannah](GPE) and rural [Georgia](GPE) went to the polls.",
         "Georgia", "US", "focus"),
        ("[Russia](GPE)'s war goes on.", "Russia", "RU", None),
        ("Ships crossed [the Black Sea](LOC).", "Black Sea", None, None),
        ("Fighting in [eastern Ukraine](GPE) continued.", "Ukraine", "UA", None),
        ("Troops in [the Donbas](GPE) dug in.", "Donbas", "UA", None),
        ("The [Chinese](NORP) leadership met.", "China", "CN", "demonym"),
        ("[Ukrainians](NORP) fled.", "Ukraine", "UA", "demonym"),
        ("A report from [The Washington Post](ORG) said so.", "Washington", "US", None),
        ("Flights from [Air Zimbabwe](ORG) stopped.", "Zimbabwe", "ZW", None),
        ("Aid reached [Burkina](GPE) [Faso](GPE) today.", "Burkina Faso", "BF", None),
        ("The outbreak spread in [Guangdong](GPE) province.", "Guangdong", "CN", None),
        ("The storm reached [NSW](GPE) on Friday.", "New South Wales", "AU", None),
        ("Aid flew to [Sierra Leone](PERSON).", "Sierra Leone", "SL", None),
        ("Flights between [Amsterdam-London](GPE) resumed.", "London", "GB", None),
        ("Deaths in [Dallas County](GPE), [Texas](GPE) rose.", "Dallas", "US", None),
        ("The [Suffolk Times](ORG) reported it.", "Suffolk", "GB", None),
        ("[Beverly Hills Police Department](ORG) officers met [Los Angeles](GPE) and "
         "[California](GPE) officials.", "Beverly Hills", "US", "focus"),
        ("Rebels held [Misrata](PERSON) and [Benghazi](GPE) in [Libya](GPE).", "Misratah", "LY",
         "focus"),  # a spelling variant of a town near the article's other places
        # a demonym before "city of" says which country ("Salisbury" was Harare's name)
        ("It happened in the [English](NORP) city of [Salisbury](GPE).", "Salisbury", "GB",
         "qualifier"),
        # a state rather than its namesake city where the text says so
        ("Officials in [New York](GPE) state said so.", "New York", "US", "state"),
        ("A cow from a [Washington](GPE) state farm fell ill.", "Washington State", "US", "state"),
        ("It was found in the state of [Washington](GPE).", "Washington State", "US", "state"),
        ("[New York](GPE) Governor Ann Lee declared an emergency.", "New York", "US", "state"),
        # a dateline is the city, a city in a list of states written as the city stays one
        ("[NEW YORK](GPE) (AP) — Officials in [New York](GPE) state said so.", "New York City",
         "US", None),
        ("Trips to [Florida](GPE) and [Washington](GPE), D.C. were planned.", "Washington", "US",
         None),
        # a newspaper named after the city stays the city's, whatever the state does
        ("[New York](GPE) state officials spoke to [The New York Times](ORG).", "New York City",
         "US", None),
        ("A girl from [Buffalo](GPE), [New York](GPE) died.", "New York", "US", "state"),
        ("Cases in [Texas](GPE), [Utah](GPE) and [Washington](GPE) rose.", "Washington State", "US",
         "state"),
        # Brooklyn lies in the city; a list of cities is no list of states
        ("Fans in [Brooklyn](GPE), [New York](GPE) cheered.", "New York City", "US", None),
        ("Talks in [Washington](GPE) and [Moscow](GPE) stalled.", "Washington", "US", None),
    ],
)
def test_resolves(nlp: Language, gaz: Gazetteer, markup: str, name: str, country: str | None,
                  rule: str | None) -> None:
    found = places_of(nlp, gaz, markup)
    assert name in found, found
    assert found[name].country == country
    if rule is not None:
        assert found[name].rule == rule
    assert 0 < found[name].confidence <= 1


@pytest.mark.parametrize(
    "markup",
    [
        "Headline words: [Oppose](GPE) the [War](GPE).",
        "[Paris Hilton](PERSON) arrived. Later [Paris](PERSON) left.",
        "[Antony Blinken](PERSON) spoke.",
        "[NATO](ORG) allies met.",
        "The [west](LOC) was quiet.",  # no capital letter: not a name
        "[Mr. Jordan](PERSON) and [Jordan](PERSON) again.",
        "Officials from the [Food and Drug Administration](ORG) met.",  # "Drug" is not Durg
        "Deaths in [Scott County](GPE) rose.",  # no big town Scott; no state named
        "Shares of [Toyota](ORG) fell.",
        "The [Beverly Hills Police Department](ORG) said so.",  # a town, but nothing near it
        # the kind of feature is no place's name ("Island" is an alternate name of Iceland)
        "The guards of [Zmiinyi Island](LOC) held out.",
        "Her Majesty Queen Elizabeth sent a letter.",  # after an honorific: a person
        "Shells hit [St. Andrew's Church](FAC) and [Saint Sophia Cathedral](FAC).",  # saints
        "Our cities in the [North](LOC) will flourish.",  # a compass word, not a town
        "The [Ministry for the Temporary Occupied Territories](ORG) met.",
    ],
)
def test_no_place(nlp: Language, gaz: Gazetteer, markup: str) -> None:
    assert places_of(nlp, gaz, markup) == {}


@pytest.mark.parametrize(
    ("markup", "absent", "present"),
    [
        # an old alternate name of Atlanta, inside a hall's name, in a story with no US place
        ("Awards were given in [the White Hall of the Palace](FAC) in [Kyiv](GPE).", "Atlanta",
         "Kyiv"),
        # a first name after a title, or a word of a person's name in the article, is no town
        # ("Volodymyr" is an alternate name of Volodymyr-Volynskyi)
        ("A call with President Volodymyr Zelensky in [Lviv](GPE) ended.", "Volodymyr-Volynskyi",
         "Lviv"),
        ("[Volodymyr Zelensky](PERSON) visited [Lviv](GPE). Then Volodymyr Zelensky left.",
         "Volodymyr-Volynskyi", "Lviv"),
        ("In [Budapest](GPE), thank God, the floods receded.", "Göd", "Budapest"),
        # in a story with US places, an alternate name alone still makes no Atlanta
        ("Medals were given in [the White Hall of the Palace](FAC) to a guest from "
         "[Savannah](GPE).", "Atlanta", "Savannah"),
        # a route tagged PERSON is no person's name: its towns stay towns elsewhere
        ("Buses ran [Enerhodar - Zaporizhzhia](PERSON) all day. Later [the Zaporizhzhia NPP](FAC) "
         "was hit.", None, "Zaporizhzhya"),
        # a city at the front of a name tagged PERSON stays a city elsewhere
        ("[Melitopol Ivan Fedorov](PERSON) was freed. The [Melitopol City Council](ORG) cheered.",
         None, "Melitopol"),
        ("Democracy in [Central](LOC) and [Eastern Europe](LOC) is at stake.", "Central",
         "Eastern Europe"),
        # a demonym before a city is no name the city continues
        ("Troops left our [Ukrainian](NORP) Kharkiv today.", None, "Kharkiv"),
    ],
)
def test_not_a_place_beside_places(nlp: Language, gaz: Gazetteer, markup: str, absent: str | None,
                                   present: str) -> None:
    found = places_of(nlp, gaz, markup)
    assert present in found
    if absent is not None:
        assert absent not in found


def test_a_town_known_only_abroad_is_placed_in_the_state_written_after_it(nlp: Language,
                                                                         gaz: Gazetteer) -> None:
    found = places_of(nlp, gaz, "He was stopped in [Stroud](GPE), [Ontario](GPE), [Canada](GPE).")
    assert "Stroud" not in found  # the gazetteer's only Stroud is in England
    assert [m.text for m in found["Ontario"].mentions] == ["Stroud", "Ontario"]
    assert found["Ontario"].country == "CA"


def test_state_and_city_of_one_name_in_one_article(nlp: Language, gaz: Gazetteer) -> None:
    found = places_of(nlp, gaz, "Jobs left [California](GPE) and [Washington](GPE). Later trips to "
                                "[Texas](GPE) and [Washington](GPE), D.C. were planned.")
    assert [m.text for m in found["Washington State"].mentions] == ["Washington"]
    assert found["Washington State"].rule == "state"
    assert found["Washington"].country == "US" and found["Washington"].kind == "city"
    # the second "Washington" (with "D.C.") is the city, the first the state
    assert found["Washington"].mentions[0].text == "Washington"
    assert found["Washington"].mentions[0].start > found["Washington State"].mentions[0].start


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # initials stand for the place the article names in full
        ("Mines employ many [South Africans](NORP). Chiefs in SA own the land.",
         {"South Africa": ["South Africans", "SA"]}),
        ("Fires spread in [South Australia](GPE). Crews in [SA](ORG) rested.",
         {"South Australia": ["South Australia", "SA"]}),
        # two places with those initials, or none: the letters stay unplaced
        ("[South Africa](GPE) played [South Australia](GPE) in SA.",
         {"South Africa": ["South Africa"], "South Australia": ["South Australia"]}),
        ("Talks in [Kenya](GPE) about SA and the [UN](ORG).", {"Kenya": ["Kenya"]}),
    ],
)
def test_initials_of_a_named_place(nlp: Language, gaz: Gazetteer, markup: str,
                                   expected: dict[str, list[str]]) -> None:
    found = places_of(nlp, gaz, markup)
    assert {name: [m.text for m in place.mentions] for name, place in found.items()} == expected
    for place in found.values():
        if len(place.mentions) > 1:
            assert place.rule != "initials"  # the full name's rule, with its confidence


def test_mentions_of_one_place_are_grouped(nlp: Language, gaz: Gazetteer) -> None:
    found = places_of(
        nlp, gaz,
        "The [United States](GPE) and the [U.S.](GPE) envoy, and [American](NORP) troops.",
    )
    assert list(found) == ["United States"]
    assert [m.text for m in found["United States"].mentions] == ["United States", "U.S.", "American"]


def test_place_carries_gazetteer_fields(nlp: Language, gaz: Gazetteer) -> None:
    kyiv = places_of(nlp, gaz, "Shelling in [Kyiv](GPE).")["Kyiv"]
    assert (kyiv.kind, kyiv.country, kyiv.geonameid) == ("city", "UA", 703448)
    assert kyiv.lat == pytest.approx(50.45, abs=0.1) and kyiv.lon == pytest.approx(30.52, abs=0.1)
    (mention,) = kyiv.mentions
    assert (mention.start, mention.end, mention.text) == (12, 16, "Kyiv")


def test_headline_places_need_the_body(nlp: Language, gaz: Gazetteer) -> None:
    found = places_of(
        nlp, gaz, "Floods hit [Lagos](GPE) and [Kenya](GPE)\n\nRain fell across [Kenya](GPE) all week.",
    )
    assert "Lagos" not in found
    assert [m.text for m in found["Kenya"].mentions] == ["Kenya", "Kenya"]


def test_untagged_country_name_is_found(nlp: Language, gaz: Gazetteer) -> None:
    found = places_of(nlp, gaz, "Cases rose in the north of Mozambique last week.")
    assert found["Mozambique"].country == "MZ"


def test_empty_doc(nlp: Language, gaz: Gazetteer) -> None:
    assert extract_places(nlp.make_doc(""), gazetteer=gaz) == []


@pytest.fixture(scope="module")
def seed_places(gaz: Gazetteer) -> tuple[str, list[Place]]:
    from newslens.extract.pipeline import load_nlp

    text = SEED_PATH.read_text(encoding="utf-8")
    return text, extract_places(load_nlp("en_core_web_md")(text), gazetteer=gaz)


@pytest.mark.model
def test_seed_gold_places(seed_places: tuple[str, list[Place]]) -> None:
    text, places = seed_places
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    for want in gold["places"]:
        spans = {(m["start"], m["end"]) for m in want["mentions"]}
        hits = [p for p in places if p.name == want["name"] or any(
            m.start < e and s < m.end for m in p.mentions for s, e in spans)]
        assert hits, f"{want['name']} not found"
        place = hits[0]
        if want["kind"] == "country":
            assert place.country == want["country"], want["name"]
        else:
            assert haversine_km(place.lat, place.lon, want["lat"], want["lon"]) <= want["tol_km"]


@pytest.mark.model
def test_seed_non_places(seed_places: tuple[str, list[Place]]) -> None:
    text, places = seed_places
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    # "Russia" inside "Stop Supporting Russia" is a gold mention itself; the rest is not a place
    gold_spans = [(m["start"], m["end"]) for p in gold["places"] for m in p["mentions"]]
    for bad in gold["non_places"]:
        for place in places:
            assert place.name != bad["text"]
            for m in place.mentions:
                if m.start < bad["end"] and bad["start"] < m.end:
                    assert any(s <= m.start and m.end <= e for s, e in gold_spans), m
    for place in places:
        assert all(text[m.start:m.end] == m.text for m in place.mentions)


_WORDS = ["Moscow", "Idaho", "Kyiv", "Paris", "Hilton", "NATO", "Georgia", "the", "Black", "Sea",
          "Chinese", "U.S.", "said", "in", "War", "Oppose", "Washington", "Post", "Russia", "'s",
          ",", ".", "\n", "Burkina", "Faso", "-", "Bissau", "County", "Dallas", "northern"]
_LABELS = ["GPE", "LOC", "FAC", "PERSON", "ORG", "NORP", "EVENT"]


@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25),
    marks=st.lists(st.tuples(st.integers(0, 24), st.integers(1, 3), st.sampled_from(_LABELS)),
                   max_size=6),
)
@settings(max_examples=150, deadline=None)
def test_contract_holds_for_any_entities(nlp: Language, gaz: Gazetteer, words: list[str],
                                         marks: list[tuple[int, int, str]]) -> None:
    doc = Doc(nlp.vocab, words=words, spaces=[w not in ("'s", ",", ".") for w in words])
    taken: set[int] = set()
    ents = []
    for start, width, label in marks:
        end = min(start + width, len(doc))
        if start < end and not taken & set(range(start, end)):
            taken.update(range(start, end))
            ents.append(Span(doc, start, end, label=label))
    doc.ents = ents
    for token in doc:
        token.pos_ = "PROPN" if token.text[:1].isupper() else "NOUN"
    spans = []
    for place in extract_places(doc, gazetteer=gaz):
        assert place.mentions and place.rule and 0 < place.confidence <= 1
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180
        assert place.country is None or (len(place.country) == 2 and place.country.isupper())
        for m in place.mentions:
            assert 0 <= m.start < m.end <= len(doc.text) and doc.text[m.start:m.end] == m.text
            spans.append((m.start, m.end))
    spans.sort()
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # no mention in two places
