"""Building the store from files with the real pipeline: de-duplication, problems, progress."""

from __future__ import annotations

import pytest

from newslens import queries
from newslens.build import build_from_paths
from newslens.cli import main
from newslens.extract import Extractor, load_nlp
from newslens.queries import Filters
from newslens.store import Store

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_nlp("en_core_web_md"))


@pytest.fixture
def folder(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "more").mkdir(parents=True)
    (corpus / "nato.txt").write_text(
        "NATO meets in Brussels\n\nJens Stoltenberg said on Thursday that NATO would send "
        'troops to Romania. "We stand with Ukraine," Stoltenberg said.\n', encoding="utf-8")
    (corpus / "more" / "kyiv.json").write_text(
        '{"id": "k1", "title": "Kyiv", "text": "Volodymyr Zelensky spoke in Kyiv on Friday.",'
        ' "published": "2022-03-25", "source": "test"}', encoding="utf-8")
    (corpus / "copy.txt").write_text(
        "NATO meets in Brussels\n\nJens Stoltenberg said on Thursday that NATO would send "
        'troops to Romania.  "We stand with Ukraine," Stoltenberg said.\n', encoding="utf-8")
    (corpus / "broken.jsonl").write_text('{"id": "x", "text": "fine text here"}\n{oops\n')
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.4 binary")
    return corpus


def test_build_adds_each_article_once_and_reports_problems(folder, tmp_path, extractor):
    store = Store(tmp_path / "store.duckdb", idle_close_seconds=0)
    seen = []
    report = build_from_paths([folder], store, extractor, on_progress=seen.append)
    assert report.added == 3  # nato.txt, kyiv.json, the good line of broken.jsonl
    assert report.duplicates == 1  # copy.txt differs from nato.txt only in whitespace
    reasons = {p.source.rsplit("/", 1)[-1]: p.reason for p in report.problems}
    assert set(reasons) == {"broken.jsonl:line 2", "scan.pdf"}
    assert [p.stage for p in seen][-1] == "done"
    assert any(p.stage == "extracting" and p.done == p.total == 3 for p in seen)

    again = build_from_paths([folder], store, extractor)
    assert (again.added, again.duplicates) == (0, 4)
    assert queries.key_numbers(store, Filters())["articles"] == 3
    assert len(queries.ingest_problems(store)) == 4  # both builds' problems are logged

    nato = queries.article_list(store, Filters(), search="troops")
    assert nato["published_from"].tolist() == [None] or nato["published"].isna().all()
    stoltenberg = queries.actor_options(store).query("name == 'Jens Stoltenberg'")
    assert len(stoltenberg) == 1 and stoltenberg["type"].item() == "PERSON"
    places = set(queries.place_bubbles(store, Filters())["name"])
    # a headline place counts only when the body confirms it (the article names Brussels
    # in its title alone)
    assert {"Romania", "Kyiv"} <= places and "Brussels" not in places
    assert "We stand with Ukraine," in set(queries.quotes_table(store, Filters())["quote"])


def test_cli_build_summary_and_if_missing(folder, tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    assert main(["build", str(folder), "--db", str(db)]) == 0
    out = capsys.readouterr()
    assert "added 3 articles, skipped 1 already in the store, 2 problems" in out.out
    assert "scan.pdf" in out.out and "extracting [" in out.err
    assert main(["build", "--if-missing", "--db", str(db)]) == 0
    assert "exists; nothing to build" in capsys.readouterr().out
    assert main(["build", str(tmp_path / "nowhere"), "--db", str(db)]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_user_alias_file_is_used_by_the_next_build(tmp_path, monkeypatch):
    from newslens.config import load_settings

    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical,type\nJens Stoltenberg,Secretary General Stoltenberg,PERSON\n")
    monkeypatch.setenv("NEWSLENS_ALIASES", str(aliases))
    extractor = Extractor.from_settings(load_settings())
    from newslens.models import Article

    record = extractor.extract(Article("a", "Jens Stoltenberg spoke in Brussels on Monday."))
    assert "Secretary General Stoltenberg" in {e.name for e in record.entities}
