"""The extraction contract, through `python -m newslens extract`, with the real spaCy model."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED_PATH

pytestmark = pytest.mark.model

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def contract_problems(record: dict, text: str) -> list[str]:
    """Everything in one output record that breaks the contract (README, "Extraction contract")."""
    problems = []

    def span(item: dict, where: str, *, key: str = "text") -> None:
        start, end = item.get("start"), item.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{where}: bad offsets {start}, {end}")
        elif item.get(key) is not None and text[start:end] != item[key]:
            problems.append(f"{where}: {item[key]!r} != text[{start}:{end}] {text[start:end]!r}")

    for key in ("id", "published", "entities", "places", "quotes", "dates"):
        if key not in record:
            problems.append(f"missing {key}")
    if record.get("published") is not None and not ISO_DAY.fullmatch(record["published"]):
        problems.append(f"published {record['published']!r}")
    ids = set()
    for e in record.get("entities", []):
        ids.add(e["id"])
        if not (e["id"] and e["name"] and e["type"]):
            problems.append(f"entity {e}")
        for m in e["mentions"]:
            span(m, f"entity {e['name']}")
    for p in record.get("places", []):
        if not (-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180):
            problems.append(f"place {p['name']} at {p['lat']}, {p['lon']}")
        if p["country"] is not None and not re.fullmatch(r"[A-Z]{2}", p["country"]):
            problems.append(f"place {p['name']} country {p['country']!r}")
        for m in p["mentions"]:
            span(m, f"place {p['name']}")
    for q in record.get("quotes", []):
        span(q, f"quote {q['text'][:20]!r}")
        if q["kind"] not in ("direct", "partial", "indirect"):
            problems.append(f"quote kind {q['kind']!r}")
        if q["speaker_id"] is not None and q["speaker_id"] not in ids:
            problems.append(f"quote speaker_id {q['speaker_id']!r} is no entity")
        if q["speaker_mention"] is not None:
            span(q["speaker_mention"], "speaker mention")
        if not isinstance(q["confidence"], (int, float)):
            problems.append("quote confidence")
    for d in record.get("dates", []):
        span(d, f"date {d['text']!r}")
        if d["date"] is not None and not ISO_DAY.fullmatch(d["date"]):
            problems.append(f"date value {d['date']!r}")
        if d["granularity"] not in (None, "day", "month", "year"):
            problems.append(f"granularity {d['granularity']!r}")
    return problems


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory) -> tuple[dict, str]:
    text = SEED_PATH.read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("extract")
    source = folder / "in.jsonl"
    lines = [
        {"id": "seed", "text": text, "title": text.splitlines()[0]},
        {"id": "dated", "text": 'Ms. Ann Lee said on Monday: "We will go to Paris."',
         "published": "2022-03-24", "source": "test"},
        "this line is not JSON",
    ]
    source.write_text("\n".join(json.dumps(x) if isinstance(x, dict) else x for x in lines) + "\n")
    out = folder / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "newslens", "extract", str(source), "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return {"records": records, "stderr": result.stderr}, text


def test_one_record_per_article_and_bad_lines_reported(seed_run):
    run, _ = seed_run
    assert [r["id"] for r in run["records"]] == ["seed", "dated"]
    assert "line 3: not an article" in run["stderr"]


def test_records_keep_the_contract(seed_run):
    run, seed_text = seed_run
    seed, dated = run["records"]
    assert contract_problems(seed, seed_text) == []
    assert contract_problems(dated, 'Ms. Ann Lee said on Monday: "We will go to Paris."') == []


def test_seed_article_essentials(seed_run):
    run, _ = seed_run
    seed = run["records"][0]
    assert seed["published"] == "2022-03-24"  # found in the photo caption
    people = {e["name"] for e in seed["entities"] if e["type"] == "PERSON"}
    assert {"Jens Stoltenberg", "Joe Biden", "Vladimir Putin", "Wang Wenbin",
            "Volodymyr Zelensky"} <= people
    stoltenberg = [e for e in seed["entities"] if e["name"] == "Jens Stoltenberg"]
    assert len(stoltenberg) == 1 and len(stoltenberg[0]["mentions"]) >= 10
    countries = {p["country"] for p in seed["places"] if p["kind"] == "country"}
    assert {"BG", "HU", "RO", "SK"} <= countries
    seas = {p["name"] for p in seed["places"] if p["kind"] == "water"}
    assert {"Baltic Sea", "Black Sea"} <= seas
    speakers = [q["speaker"] for q in seed["quotes"]]
    assert speakers.count("Jens Stoltenberg") >= 8
    thursday = [d for d in seed["dates"] if d["text"] == "Thursday"]
    assert thursday and thursday[0]["date"] == "2022-03-24"


def test_metadata_date_is_kept(seed_run):
    run, _ = seed_run
    dated = run["records"][1]
    assert dated["published"] == "2022-03-24"
    assert any(q["text"].startswith("We will go to Paris") for q in dated["quotes"])
