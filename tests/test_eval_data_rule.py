"""The evaluation kit's news texts stay out of the repository (its README's rule on data).

Runs where the kit sits beside the checkout (or at NEWSLENS_EVAL_KIT) and skips elsewhere:
every tracked text file is searched for any run of six words from a dev set's articles. The
seed article and the embedded corpus may be committed; GeoVirus texts only with their credit.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KIT = Path(os.environ.get("NEWSLENS_EVAL_KIT", ROOT.parent / "shared" / "eval"))
RUN = 6  # words; shorter runs are everyday phrases ("at the end of the")
EXEMPT_DATASETS = {"seed", "geovirus"}
EXEMPT_PATHS = ("data/corpus/", "tests/fixtures/")  # the seed and the freely licensed corpus
SUFFIXES = {".py", ".md", ".csv", ".txt", ".json", ".jsonl", ".toml", ".sh", ".html"}
_WORD = re.compile(r"[A-Za-z']+")


def _runs(text: str) -> set[str]:
    words = _WORD.findall(text)
    return {" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _kit_runs() -> set[str]:
    runs: set[str] = set()
    for gold in sorted((KIT / "data").glob("*/gold.jsonl")):
        if gold.parent.name in EXEMPT_DATASETS:
            continue
        with gold.open(encoding="utf-8") as handle:
            for line in handle:
                runs |= _runs(json.loads(line)["text"])
    return runs


def _tracked_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / name for name in listed.stdout.splitlines()
            if Path(name).suffix in SUFFIXES and not name.startswith(EXEMPT_PATHS)]


@pytest.mark.skipif(not (KIT / "data").is_dir(), reason="evaluation kit not beside the checkout")
def test_no_dev_set_text_in_the_repository() -> None:
    kit = _kit_runs()
    assert len(kit) > 100_000  # the kit was read: a broken path must not pass silently
    found = {}
    for path in _tracked_files():
        if not path.is_file():
            continue
        shared = _runs(path.read_text(encoding="utf-8", errors="replace")) & kit
        if shared:
            found[str(path.relative_to(ROOT))] = sorted(shared)[:3]
    assert not found, f"text from the evaluation kit's news: {found}"
