"""The article reader sends at most NEWSLENS_MAX_ARTICLE_CHARS characters to the browser, says
so, keeps every highlight inside that part where it belongs and escapes every string."""

from __future__ import annotations

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from newslens.highlight import Mark, highlight_html, shown_note
from newslens.models import Article, ArticleRecord, Entity, Mention, Quote
from newslens.store import Store
from tests.conftest import ROOT
from tests.test_highlight_text import _parse

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'
LIMIT = 5_000


def _visible(markup: str) -> str:
    """The text a reader sees: tags removed, <br> and paragraph breaks as newlines."""
    body = markup.replace("<br>", "\n").replace("</p><p>", "\n\n")
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def _long_text() -> tuple[str, dict[str, int]]:
    filler = "The committee met again and the talks went on. " * 40 + "\n\n"
    head = "Jens Stoltenberg spoke first. " + filler * 2
    straddle = "Joe Biden waited. " + filler
    text = head + straddle + f"Later {HOSTILE} Vladimir Putin answered. " + filler * 10
    where = {name: text.index(name) for name in ("Jens Stoltenberg", "Joe Biden", "Vladimir Putin")}
    # a quote that starts before the cut and ends after it
    where["quote"] = LIMIT - 20
    return text, where


def test_only_the_first_part_is_written_and_marks_beyond_it_are_dropped():
    text, at = _long_text()
    assert at["Jens Stoltenberg"] < LIMIT < at["Vladimir Putin"] and len(text) > 4 * LIMIT
    marks = [
        Mark(at["Jens Stoltenberg"], at["Jens Stoltenberg"] + 16, "PERSON", "Jens"),
        Mark(LIMIT - 5, LIMIT + 5, "PERSON", "straddles the cut"),
        Mark(at["quote"], at["quote"] + 100, "QUOTE", "quote across the cut"),
        Mark(at["Vladimir Putin"], at["Vladimir Putin"] + 14, "PERSON", "beyond the cut"),
    ]
    markup = highlight_html(text, marks, max_chars=LIMIT)
    assert _visible(markup) == text[:LIMIT]  # exactly the first part, nothing else
    assert len(markup) < 2 * LIMIT
    assert 'title="Jens"' in markup
    assert "straddles" not in markup and "across the cut" not in markup and "beyond" not in markup
    # the kept mark wraps exactly its own characters
    inner = re.search(r'<mark [^>]*title="Jens">(.*?)</mark>', markup).group(1)
    assert html.unescape(inner) == "Jens Stoltenberg"
    tags = _parse(markup)
    assert tags.ok and not tags.stack and tags.seen <= {"div", "p", "br", "mark", "span"}


@pytest.mark.parametrize("limit", [0, 1, 7, 100, LIMIT])
def test_any_cut_keeps_the_markup_whole_and_escaped(limit):
    text = (HOSTILE + ' "said" \r\n\n') * 500
    marks = [Mark(i, i + 8, "ORG", HOSTILE) for i in range(0, len(text) - 8, 37)]
    marks += [Mark(i, i + 60, "QUOTE", HOSTILE) for i in range(5, len(text) - 60, 211)]
    markup = highlight_html(text, marks, max_chars=limit)
    assert "<script" not in markup and "<img" not in markup
    assert _visible(markup).replace("\r", "") == text[:limit].replace("\r", "")
    tags = _parse(markup)
    assert tags.ok and not tags.stack and tags.seen <= {"div", "p", "br", "mark", "span"}
    assert "\n" not in markup  # one line: nothing can end Streamlit's HTML block


def test_the_note_says_how_much_is_shown():
    assert shown_note(1_000, 1_000) is None and shown_note(10, 1_000) is None
    assert shown_note(20_746_154, 200_000) == (
        "Showing the first 200,000 of 20,746,154 characters; the rest is stored but not shown. "
        "Actors, places and quotes are marked in the part shown.")


@pytest.fixture
def long_store(tmp_path):
    text, at = _long_text()
    text = text * 20  # 491,980 characters
    people = [
        Entity("jens-stoltenberg", "Jens Stoltenberg", "PERSON",
               (Mention(at["Jens Stoltenberg"], at["Jens Stoltenberg"] + 16, "Jens Stoltenberg"),)),
        Entity("vladimir-putin", f"Vladimir Putin {HOSTILE}", "PERSON",
               (Mention(at["Vladimir Putin"], at["Vladimir Putin"] + 14, "Vladimir Putin"),)),
    ]
    quote_start = at["Vladimir Putin"] - 40
    record = ArticleRecord(
        "long", "2022-03-24", entities=tuple(people),
        quotes=(Quote(text[quote_start:quote_start + 30], quote_start, quote_start + 30, "direct",
                      "Vladimir Putin", "vladimir-putin", None, "said", 0.9),),
    )
    store = Store(tmp_path / "long.duckdb", idle_close_seconds=0)
    store.add_articles([(Article("long", text, title=f"Long {HOSTILE}", published="2022-03-24"),
                         "h-long", record)])
    store.close()
    return tmp_path / "long.duckdb", text


def test_the_reader_page_sends_the_first_part_with_a_note(long_store, monkeypatch, navigation_mode):
    path, text = long_store
    monkeypatch.setenv("NEWSLENS_DB", str(path))
    monkeypatch.setenv("NEWSLENS_MAX_ARTICLE_CHARS", str(LIMIT))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page("pages/articles.py").run()
    at.selectbox(key="article").set_value("long").run()
    assert not at.exception, at.exception
    [reader] = [m.value for m in at.markdown if m.value.startswith('<div class="nl-article">')]
    assert _visible(reader) == text[:LIMIT]
    assert len(reader) < 2 * LIMIT < len(text)  # not the whole half megabyte
    assert 'title="Jens Stoltenberg (person)"' in reader
    assert "Vladimir Putin (" not in reader and "nl-quote" not in reader  # both beyond the cut
    assert [i.value for i in at.info] == [shown_note(len(text), LIMIT)]
    assert f"of {len(text):,} characters" in at.info[0].value
    assert all("<script" not in m.value for m in at.markdown)


def test_a_short_article_is_shown_whole_without_a_note(long_store, monkeypatch, navigation_mode):
    path, text = long_store
    monkeypatch.setenv("NEWSLENS_DB", str(path))
    monkeypatch.setenv("NEWSLENS_MAX_ARTICLE_CHARS", str(len(text)))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page("pages/articles.py").run()
    at.selectbox(key="article").set_value("long").run()
    [reader] = [m.value for m in at.markdown if m.value.startswith('<div class="nl-article">')]
    assert _visible(reader) == text
    assert "Vladimir Putin" in reader and "nl-quote" in reader
    assert not [i for i in at.info if "Showing the first" in i.value]
