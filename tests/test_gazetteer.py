"""Gazetteer: name folding, lookups, demonyms, capitals and the disk cache."""

from __future__ import annotations

import dataclasses

import pytest

from newslens.extract.gazetteer import GazEntry, Gazetteer, GazetteerBuilder, normalize


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("U.S.", "us"),
        ("US", "us"),
        ("the United States", "united states"),
        ("The  Gambia", "gambia"),
        ("Côte d'Ivoire", "cote divoire"),
        ("Côte d’Ivoire", "cote divoire"),
        ("St. Louis", "saint louis"),
        ("Saint Louis", "saint louis"),
        ("KYIV", "kyiv"),
        ("Bosnia-Herzegovina", "bosnia herzegovina"),
        ("Trinidad & Tobago", "trinidad and tobago"),
        ("Zürich", "zurich"),
        ("", ""),
    ],
)
def test_normalize(name: str, folded: str) -> None:
    assert normalize(name) == folded


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [
        ("United States", "country", "US"),
        ("U.S.", "country", "US"),
        ("US", "country", "US"),
        ("USA", "country", "US"),
        ("America", "country", "US"),
        ("UK", "country", "GB"),
        ("Britain", "country", "GB"),
        ("Great Britain", "country", "GB"),
        ("Kosovo", "country", "XK"),  # not Serbia
        ("Georgia", "country", "GE"),  # the country first, the US state after it
        ("Ivory Coast", "country", "CI"),
        ("Burma", "country", "MM"),
        ("Kiev", "city", "UA"),
        ("Kyiv", "city", "UA"),
        ("Moscow", "city", "RU"),
        ("Washington", "city", "US"),
        ("New York", "city", "US"),
        ("Beijing", "city", "CN"),
        ("Europe", "continent", None),
        ("the Baltic Sea", "water", None),
        ("Black Sea", "water", None),
        ("the Middle East", "region", None),
        ("the Gulf", "region", None),
        ("Mediterranean", "water", None),
        ("Balkans", "region", None),
        ("Crimea", "region", "UA"),
        ("Donbas", "region", "UA"),
        ("Eastern Europe", "region", None),
        ("Idaho", "admin1", "US"),
        ("Queensland", "admin1", "AU"),
        ("Guangdong", "admin1", "CN"),
        ("the White House", "site", "US"),
    ],
)
def test_most_prominent_candidate(gaz: Gazetteer, name: str, kind: str, country: str | None) -> None:
    top = gaz.candidates(name)[0]
    assert (top.kind, top.country) == (kind, country)


def test_candidates_list_every_namesake_most_prominent_first(gaz: Gazetteer) -> None:
    moscows = gaz.candidates("Moscow")
    assert [c.country for c in moscows[:2]] == ["RU", "US"]  # Moscow, Idaho second
    assert gaz.candidates("Georgia")[1].kind == "admin1"
    assert gaz.candidates("Oppose") == []
    assert gaz.candidates("War") == []


def test_kyiv_is_one_entry_under_both_spellings(gaz: Gazetteer) -> None:
    assert gaz.candidates("Kiev")[0] == gaz.candidates("Kyiv")[0]
    assert gaz.candidates("Kyiv")[0].geonameid == 703448


def test_country_uses_countryinfo_centroid(gaz: Gazetteer) -> None:
    china = gaz.country("cn")
    assert china is not None
    assert (china.name, china.lat, china.lon, china.geonameid) == ("China", 35.0, 105.0, 1814991)
    assert gaz.country("XX") is None


@pytest.mark.parametrize(
    ("word", "place"),
    [
        ("Chinese", "China"),
        ("Ukrainian", "Ukraine"),
        ("Ukrainians", "Ukraine"),
        ("Russians", "Russia"),
        ("American", "United States"),
        ("British", "United Kingdom"),
        ("Indian", "India"),  # not the British Indian Ocean Territory
        ("French", "France"),
        ("Kosovar", "Kosovo"),
        ("European", "Europe"),
        ("Martian", None),
    ],
)
def test_country_of_demonym(gaz: Gazetteer, word: str, place: str | None) -> None:
    found = gaz.country_of_demonym(word)
    assert (found.name if found else None) == place


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("Beijing", "CN"),
        ("Moscow", "RU"),
        ("Kyiv", "UA"),
        ("Kiev", "UA"),
        ("Washington", "US"),
        ("London", "GB"),
        ("the Kremlin", "RU"),
        ("Kremlin", "RU"),
        ("the White House", "US"),
        ("Downing Street", "GB"),
        ("Élysée", "FR"),
        ("Brussels", None),  # EU and NATO as much as Belgium
        ("Victoria", None),  # the capital of the Seychelles is not what "Victoria" means
        ("Georgia", None),
        ("Atlanta", None),
    ],
)
def test_capital_country(gaz: Gazetteer, name: str, iso: str | None) -> None:
    assert gaz.capital_country(name) == iso


def test_entries_are_frozen(gaz: Gazetteer) -> None:
    entry = gaz.candidates("Paris")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.name = "Lutetia"  # type: ignore[misc]


def _tiny_state() -> dict:
    builder = GazetteerBuilder()
    berlin = GazEntry("Berlin", "city", "DE", 52.52, 13.4, 3_400_000, 2950159)
    small = GazEntry("Berlin", "city", "US", 44.47, -71.19, 10_000, 5084868)
    builder.add(small, score=10_000, names=["Berlin"])
    builder.add(berlin, score=3_400_000, names=["Berlin"], alternates=["Berlino"])
    return builder.state()


def test_builder_orders_by_score_and_marks_alternate_names() -> None:
    gaz = Gazetteer._from_state(_tiny_state())
    assert [c.country for c in gaz.candidates("berlin")] == ["DE", "US"]
    assert gaz.lookup("Berlino") == [(gaz.candidates("Berlin")[0], False)]
    assert all(own for _, own in gaz.lookup("Berlin"))


def test_load_writes_and_reuses_the_disk_cache(tmp_path, monkeypatch) -> None:
    import newslens.extract.gazetteer_build as build

    calls = []

    def fake_build(min_city_population: int) -> dict:
        calls.append(min_city_population)
        return _tiny_state()

    monkeypatch.setattr(build, "build_state", fake_build)
    first = Gazetteer.load(cache_dir=tmp_path)
    second = Gazetteer.load(cache_dir=tmp_path)
    assert len(calls) == 1  # the second load read the pickle
    assert len(list(tmp_path.glob("gazetteer-*.pickle"))) == 1
    assert first.candidates("Berlin") == second.candidates("Berlin")


def test_unwritable_cache_dir_still_builds(tmp_path, monkeypatch) -> None:
    import newslens.extract.gazetteer_build as build

    monkeypatch.setattr(build, "build_state", lambda min_city_population: _tiny_state())
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert len(Gazetteer.load(cache_dir=blocker / "sub")) == 2
