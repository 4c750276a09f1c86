"""A hostile corpus through the real CLI and the real model (issue 6, bad input).

One folder holds every kind of bad input the issue lists next to good articles in odd
encodings and odd file names. `python -m newslens build` must take every good article,
report every bad file or entry with its reason (in its summary and in the store's
ingest_problems table), cut the 20 MB text with a note, finish within its timeout, and add
nothing on a second run.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from newslens.config import load_settings
from newslens.store import Store
from tests.conftest import ROOT

pytestmark = pytest.mark.model

MAX_CHARS = 30_000  # NEWSLENS_MAX_ARTICLE_CHARS for the build: the long texts are cut
BUILD_TIMEOUT = 150  # seconds; a hang fails the test instead of blocking the run

STORY = ("{m} Jens Stoltenberg met Volodymyr Zelensky in Kyiv on 24 March 2022. "
         '"We will not give up," Zelensky said. Stoltenberg then flew to Brussels.')


def _story(marker: str) -> str:
    return STORY.format(m=marker)


def _rss() -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Hostile News</title><link>https://example.com</link>"
        f"<item><title>Good entry</title><description>{_story('GOOD-12')}</description>"
        "<pubDate>Thu, 24 Mar 2022 10:00:00 +0000</pubDate></item>"
        "<item><title>Empty entry</title><link>https://example.com/b</link></item>"
        f"<item><title>Bad date</title><description>{_story('GOOD-13')}</description>"
        "<pubDate>not a date at all</pubDate></item>"
        "<item><title>Unclosed <description>broken</item>"  # malformed markup at the end
        "</channel></rss>"
    )


def make_corpus(root: Path) -> tuple[set[str], list[tuple[str, str]]]:
    """Write the corpus; return the good articles' markers and (source end, reason) of the
    problems the build must report."""
    root.mkdir(parents=True)
    sub = root / "Новини дня ñ"
    sub.mkdir()
    good: set[str] = set()
    bad: list[tuple[str, str]] = []

    def put(name: str, data: bytes, marker: str | None = None) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if marker:
            good.add(marker)
        return path

    # good articles in odd encodings and under odd names
    put("Übersicht März 2022.txt", f"Überblick\n\n{_story('GOOD-01')}".encode(), "GOOD-01")
    put("Новини дня ñ/latin-1 café.txt",
        f"Café in Zürich\n\n{_story('GOOD-02')} Señor Müller agreed.".encode("latin-1"),
        "GOOD-02")
    put("cp1252 quotes.txt",
        f"Curly\n\n{_story('GOOD-03')} “Curly quotes,” he said – twice.".encode("cp1252"),
        "GOOD-03")
    put("utf16 bom.txt", f"Wide\n\n{_story('GOOD-04')}".encode("utf-16"), "GOOD-04")
    put("utf16le no bom.txt", f"Wide LE\n\n{_story('GOOD-05')}".encode("utf-16-le"), "GOOD-05")
    put("utf8 bom.md", codecs.BOM_UTF8 + f"# Marked\n\n{_story('GOOD-06')}".encode(), "GOOD-06")
    put("nul bytes.txt",
        b"NUL title\n\n" + b"Filler text. " * 120 + b"\x00" + _story("GOOD-07").encode() + b"\x00",
        "GOOD-07")
    # JSON lines: good ones among malformed ones
    lines = [
        json.dumps({"id": "j1", "text": _story("GOOD-08"), "title": "JSON one"}),
        '{"id": "j2", "text": "two strings" "glued"}',
        "{truncated",
        '["not", "an", "object"]',
        json.dumps({"id": "j5", "title": "no text here"}),
        json.dumps({"id": "j6", "body": _story("GOOD-09"), "date": "2022-03-24"}),
        json.dumps({"id": "j7", "text": "   "}),
    ]
    put("mixed lines.jsonl", ("\n".join(lines) + "\n").encode(), None)
    good |= {"GOOD-08", "GOOD-09"}
    bad += [("mixed lines.jsonl:line 2", "invalid JSON"),
            ("mixed lines.jsonl:line 3", "invalid JSON"),
            ("mixed lines.jsonl:line 4", "object"),
            ("mixed lines.jsonl:line 5", "no text field"),
            ("mixed lines.jsonl:line 7", "no text")]
    # CSV: quoted newlines, a short row, a long row, a row without text
    rows = ("id,title,text,date\r\n"
            f'c1,"Quoted, title","{_story("GOOD-10").replace(chr(34), 2 * chr(34))}\r\n'
            'second line\r\n\r\nfourth",2022-03-24\r\n'
            f"c2,Short row,{_story('GOOD-11').replace(',', ';')}\r\n"
            f"c3,Long row,{_story('GOOD-14').replace(',', ';')},2022-01-02,extra,cells\r\n"
            "c4,No text,,2022-01-03\r\n")
    put("ragged.csv", rows.encode(), None)
    good |= {"GOOD-10", "GOOD-11", "GOOD-14"}
    bad.append(("ragged.csv:line 8", "no text"))
    # a feed with broken entries
    put("feed.rss", _rss().encode(), None)
    good |= {"GOOD-12", "GOOD-13"}
    bad += [("feed.rss#entry 2", "no text"), ("feed.rss#entry 4", "no text")]
    # bad files
    put("empty.txt", b"")
    bad.append(("empty.txt", "empty file"))
    put("binary.txt", bytes(range(256)) * 64)
    bad.append(("binary.txt", "binary file, not text"))
    put("scripts only.html",
        b"<html><head><script>alert(1)</script></head><body><script>document.write('x')"
        b"</script><noscript></noscript></body></html>")
    bad.append(("scripts only.html", "no article text found"))
    put("report.pdf", b"%PDF-1.4 not really")
    bad.append(("report.pdf", "unsupported file type .pdf"))
    # the long ones: a 20 MB text, a single 1 MB line
    sentence = ("In paragraph {n} the minister of Ukraine met officials of Poland in Warsaw, "
                "and nobody said anything new. ")
    big = "".join(sentence.format(n=n) + ("\n\n" if n % 5 == 4 else "")
                  for n in range(20 * 2**20 // 110))
    put("huge 20 MB.txt", f"Huge\n\n{_story('GOOD-15')}\n\n{big}".encode(), "GOOD-15")
    one_line = _story("GOOD-16") + " " + ("word " * (2**20 // 5))
    put("one line 1 MB.txt", one_line.encode(), "GOOD-16")
    # a symlink loop
    (sub / "loop to the top").symlink_to(root, target_is_directory=True)
    (root / "self loop").symlink_to(root / "self loop")
    bad.append(("self loop", "Too many levels of symbolic links"))
    return good, bad


def _build(corpus: Path, db: Path) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "NEWSLENS_DB": str(db), "NEWSLENS_MAX_ARTICLE_CHARS": str(MAX_CHARS)}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "newslens", "build", str(corpus)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
    )
    return done, time.monotonic() - start


def _summary_problems(stdout: str) -> list[str]:
    return [line.removeprefix("  problem: ") for line in stdout.splitlines()
            if line.startswith("  problem: ")]


def test_hostile_corpus_builds(tmp_path, monkeypatch, navigation_mode):
    corpus = tmp_path / "hostile corpus ü"
    good, bad = make_corpus(corpus)
    db = tmp_path / "store.duckdb"

    first, seconds = _build(corpus, db)
    print(f"first build: {seconds:.1f} s", file=sys.stderr)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Traceback" not in first.stderr, first.stderr[-3000:]
    added = int(re.search(r"added (\d+) articles", first.stdout).group(1))

    store = Store(db, idle_close_seconds=0)
    with store.cursor() as cur:
        texts = [row[0] for row in cur.execute("SELECT text FROM articles").fetchall()]
        notes = cur.execute(
            "SELECT substr(text, 1, 40), notes FROM articles WHERE notes IS NOT NULL"
        ).fetchall()
        logged = cur.execute("SELECT source, reason FROM ingest_problems").fetchall()
    store.close()

    # every good article is in, once, and nothing else is
    found = {marker for marker in good for text in texts if marker in text}
    assert found == good
    assert added == len(texts) == len(good)
    assert not any("\x00" in text for text in texts)
    assert any("“Curly quotes,”" in text for text in texts)  # cp1252 read as cp1252
    assert any("Señor Müller" in text for text in texts)  # latin-1 read as latin-1

    # the long texts are cut with a note, not refused and not parsed whole
    cut = {re.search(r"GOOD-\d+", head).group(): note for head, note in notes}
    assert set(cut) == {"GOOD-15", "GOOD-16"}
    assert f"text cut at {MAX_CHARS:,} of 20,746,154 characters" in cut["GOOD-15"]
    assert f"text cut at {MAX_CHARS:,} of" in cut["GOOD-16"]

    # every bad file or entry is reported with its reason, in the summary and in the store
    summary = _summary_problems(first.stdout)
    for end, reason in bad:
        assert any(f"/{end}: " in line and reason in line.split(f"/{end}: ", 1)[1]
                   for line in summary), (end, reason, summary)
        assert any(source.startswith(str(corpus)) and end in source and reason in why
                   for source, why in logged), (end, reason, logged)
    assert len(logged) == len(summary)

    # a second build adds nothing
    second, seconds = _build(corpus, db)
    print(f"second build: {seconds:.1f} s", file=sys.stderr)
    assert second.returncode == 0, second.stderr[-3000:]
    assert f"added 0 articles, skipped {len(good)} already in the store" in second.stdout
    assert _summary_problems(second.stdout) == summary  # each run tells its problems again
    store = Store(db, idle_close_seconds=0)
    with store.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM articles").fetchone()[0] == len(good)
    store.close()

    # the dashboard lists the problems on Add articles and opens the 20 MB article
    monkeypatch.setenv("NEWSLENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["Articles"] == str(len(good))
    at.switch_page("pages/add_articles.py").run()
    assert not at.exception, at.exception
    listed = at.dataframe[0].value
    for end, reason in bad:
        assert any(source.endswith(end) and reason in why
                   for source, why in zip(listed["source"], listed["reason"])), (end, reason)
    at.switch_page("pages/articles.py").run()
    store = Store(db, idle_close_seconds=0)
    with store.cursor() as cur:
        huge = cur.execute("SELECT id FROM articles WHERE title = 'Huge'").fetchone()[0]
    store.close()
    start = time.monotonic()
    at.selectbox(key="article").set_value(huge).run()
    seconds = time.monotonic() - start
    assert not at.exception, at.exception
    shown = [m.value for m in at.markdown if m.value.startswith('<div class="nl-article">')]
    print(f"reader page with the 20 MB article: {seconds:.1f} s, "
          f"{sum(map(len, shown)) / 2**20:.1f} MB of HTML", file=sys.stderr)
    assert any(f"text cut at {MAX_CHARS:,}" in w.value for w in at.warning)
    # the reader sends the first NEWSLENS_MAX_ARTICLE_CHARS characters, not the 20 MB
    reader_chars = load_settings().max_article_chars
    assert any(f"Showing the first {reader_chars:,} of 20,746,154 characters" in i.value
               for i in at.info)
    assert sum(map(len, shown)) < 4 * reader_chars

    # the same bad files uploaded on Add articles: each named with its reason, the rest in
    at.switch_page("pages/add_articles.py").run()
    uploads = ["binary.txt", "mixed lines.jsonl", "scripts only.html", "empty.txt"]
    files = [(name, (corpus / name).read_bytes(), "application/octet-stream") for name in uploads]
    files.append(("Звернення ñ.txt", f"Upload\n\n{_story('GOOD-17')}".encode(), "text/plain"))
    at.get("file_uploader")[0].set_value(files)
    at.button(key="FormSubmitter:upload-Add these files").click().run()
    assert not at.exception, at.exception
    assert [m.value for m in at.success] == ["Added 1 articles; 2 were already in the store."]
    errors = [e.value for e in at.error]
    for end, reason in bad:
        if end.split(":")[0] in uploads:
            assert any(e.startswith(f"Not added — {end}: ") and reason in e for e in errors), (
                end, reason, errors)
    assert len(errors) == sum(end.split(":")[0] in uploads for end, _ in bad)
