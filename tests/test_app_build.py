"""The dashboard building its store on first start and adding articles, with the real model."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

pytestmark = pytest.mark.model


@pytest.fixture
def fresh_app(tmp_path, monkeypatch, navigation_mode) -> AppTest:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Leaders meet\n\nJens Stoltenberg met Joe Biden in Brussels on Thursday.\n")
    (corpus / "b.jsonl").write_text(
        '{"id": "b1", "text": "Vladimir Putin spoke in Moscow.", "published": "2022-03-25"}\n')
    monkeypatch.setenv("NEWSLENS_DB", str(tmp_path / "new" / "store.duckdb"))
    monkeypatch.setenv("NEWSLENS_CORPUS", str(corpus))
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)


def _articles(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Articles"]


def test_first_start_builds_the_store_then_articles_can_be_added(fresh_app):
    at = fresh_app.run()
    assert not at.exception, at.exception
    assert _articles(at) == "2"

    at.switch_page("pages/add_articles.py").run()
    at.text_input[0].input("Pasted")  # the paste form's title
    at.text_area[0].input('Olaf Scholz said in Berlin: "We will help."')
    at.button(key="FormSubmitter:paste-Add this text").click().run()
    assert not at.exception, at.exception
    assert any("Added 1 articles" in s.value for s in at.success)
    # an added text clears the form
    assert at.text_area(key="paste_text").value == "" and at.text_input(key="paste_title").value == ""

    # the same text again adds nothing
    at.text_area[0].input('Olaf Scholz said in Berlin: "We will help."')
    at.button(key="FormSubmitter:paste-Add this text").click().run()
    assert any("1 were already in the store" in s.value for s in at.success)

    at.switch_page("pages/overview.py").run()
    assert _articles(at) == "3"  # in every view, without a restart
    at.switch_page("pages/quotes.py").run()
    assert "We will help." in at.dataframe[0].value["quote"].tolist()
