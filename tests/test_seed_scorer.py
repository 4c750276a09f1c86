"""The evaluation kit's seed checks, as a test (needs ../shared/eval beside the checkout)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

EVAL = ROOT.parent / "shared" / "eval"
pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not (EVAL / "evallib.py").exists(), reason="../shared/eval is not here"),
]


@pytest.fixture(scope="module")
def seed_checks(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("evallib", EVAL / "evallib.py")
    evallib = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evallib)
    _, records = evallib.load_dataset("seed")
    folder = tmp_path_factory.mktemp("seed")
    (folder / "in.jsonl").write_text(json.dumps(evallib.input_record(records[0])) + "\n")
    subprocess.run([sys.executable, "-m", "newslens", "extract", str(folder / "in.jsonl"),
                    "-o", str(folder / "out.jsonl")], cwd=ROOT, check=True, timeout=600)
    prediction = json.loads((folder / "out.jsonl").read_text())
    assert evallib.validate(prediction, records[0]["text"]) == []
    return evallib.seed_checks(records[0], prediction)


def _failed(checks, prefix: str) -> list[str]:
    return [f"{name}: {detail}" for name, ok, detail in checks if name.startswith(prefix) and not ok]


@pytest.mark.parametrize("prefix", ["published", "person", "no other PERSON", "place", "not a place",
                                    "date"])
def test_seed_entity_place_and_date_checks(seed_checks, prefix):
    assert _failed(seed_checks, prefix) == []


def test_seed_quote_checks(seed_checks):
    assert _failed(seed_checks, "quote") == []
