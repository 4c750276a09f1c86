"""Killing a build at any moment leaves a store that opens and holds only whole articles;
the next build adds the rest, with no duplicates. Runs the real CLI and the real model."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from newslens.store import Store
from tests.conftest import ROOT

pytestmark = pytest.mark.model

N_ARTICLES = 40


@pytest.fixture
def folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(N_ARTICLES):
        (corpus / f"a{number:02d}.txt").write_text(
            f"Report {number}\n\nJens Stoltenberg met minister {number} in Brussels on Monday. "
            f'"We talked about Romania and Bulgaria," Stoltenberg said after meeting {number}.\n'
        )
    return corpus


def _build(folder, db) -> subprocess.Popen:
    env = {**os.environ, "NEWSLENS_DB": str(db)}
    return subprocess.Popen(
        [sys.executable, "-m", "newslens", "build", str(folder)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _whole_articles(db) -> int:
    """Number of articles; fails if any article lacks its extracted rows (a torn write)."""
    store = Store(db, idle_close_seconds=0)
    with store.cursor() as con:
        articles = con.execute("SELECT count(*), count(DISTINCT content_hash) FROM articles").fetchone()
        assert articles[0] == articles[1], "duplicate articles"
        torn = con.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM mentions m WHERE m.article_id = a.id)"
        ).fetchone()[0]
        orphans = con.execute(
            "SELECT count(*) FROM mentions m WHERE NOT EXISTS "
            "(SELECT 1 FROM articles a WHERE a.id = m.article_id)"
        ).fetchone()[0]
        assert (torn, orphans) == (0, 0)
        return articles[0]


def _kill_at(process: subprocess.Popen, marker: str) -> None:
    """Read the build's progress on stderr; SIGKILL it as soon as `marker` shows."""
    seen = b""
    while process.poll() is None:
        chunk = os.read(process.stderr.fileno(), 256)
        if not chunk:
            break
        seen += chunk
        if marker.encode() in seen:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)


# progress shows each article after it is extracted; a batch of 32 is written at once
@pytest.mark.parametrize(
    ("marker", "stored"),
    [
        ("reading files", 0),  # before anything is written
        (" 10/40 articles", 0),  # inside the first batch
        (" 36/40 articles", 32),  # the first batch written, inside the second
        ("linking actors", 40),  # everything written, actors not linked yet
    ],
)
def test_kill_during_build_then_resume(folder, tmp_path, marker, stored):
    db = tmp_path / "store.duckdb"
    _kill_at(_build(folder, db), marker)
    before = _whole_articles(db) if db.exists() else 0
    assert before == stored

    finish = _build(folder, db)
    out, err = finish.communicate(timeout=600)
    assert finish.returncode == 0, err.decode()
    assert f"added {N_ARTICLES - before} articles, skipped {before} already" in out.decode()
    assert _whole_articles(db) == N_ARTICLES
