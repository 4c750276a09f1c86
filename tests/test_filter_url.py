"""Filters <-> URL parameters: what a shared link names, and what it names that is not there."""

from __future__ import annotations

from datetime import date

import pytest

from newslens.filter_url import filters_to_params, params_to_filters, unknown_params
from newslens.queries import Filters

ACTORS = {"jens-stoltenberg": "Jens Stoltenberg", "nato": "NATO", "china": "China"}
PLACES = {"gn:1814991": "China", "gn:732800": "Bulgaria"}
KNOWN = {"actor_names": ACTORS, "place_names": PLACES, "types": ["PERSON", "ORG"],
         "sources": ["paper-a"]}


@pytest.mark.parametrize(("params", "expected"), [
    ({"actor": ["Jens Stoltenberg"]}, Filters(actors=("jens-stoltenberg",))),
    ({"actor": ["jens-stoltenberg"]}, Filters(actors=("jens-stoltenberg",))),  # the id
    ({"actor": ["jens stoltenberg"]}, Filters(actors=("jens-stoltenberg",))),  # any case
    ({"actor": ["China", "NATO", "China"]}, Filters(actors=("china", "nato"))),  # once each
    ({"place": ["bulgaria"]}, Filters(places=("gn:732800",))),
    ({"type": ["ORG"], "source": ["paper-a"]}, Filters(types=("ORG",), sources=("paper-a",))),
    ({"type": ["org"], "source": ["Paper-A"]}, Filters()),  # codes match exactly
    ({"from": ["2022-03-01"], "to": ["2022-03-31"]},
     Filters(date_from=date(2022, 3, 1), date_to=date(2022, 3, 31))),
    ({"actor": ["Nobody"], "from": ["yesterday"]}, Filters()),
])
def test_params_to_filters(params, expected):
    assert params_to_filters(params, **KNOWN) == expected


@pytest.mark.parametrize(("params", "expected"), [
    ({"actor": ["Jens Stoltenberg", "jens-stoltenberg", "NATO"]}, []),
    ({"actor": ["Nobody"], "place": ["Atlantis"]}, [("actor", "Nobody"), ("place", "Atlantis")]),
    ({"type": ["ALIEN"], "source": ["paper-z"]}, [("type", "ALIEN"), ("source", "paper-z")]),
    ({"from": ["2022-13-01"], "to": ["2022-03-31"]}, [("from", "2022-13-01")]),
    ({}, []),
])
def test_unknown_params(params, expected):
    assert unknown_params(params, **KNOWN) == expected


def test_a_view_survives_its_own_link():
    filters = Filters(actors=("nato",), places=("gn:1814991",), types=("ORG",),
                      sources=("paper-a",), date_from=date(2022, 3, 1))
    params = filters_to_params(filters, actor_names=ACTORS, place_names=PLACES)
    assert params_to_filters(params, **KNOWN) == filters
    assert unknown_params(params, **KNOWN) == []
