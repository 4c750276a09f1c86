"""The limits as a browser meets them: NEWSLENS_MAX_UPLOAD_MB refuses a bigger file in the
uploader itself, and the reader sends only the first NEWSLENS_MAX_ARTICLE_CHARS characters of
a long article, saying so."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from newslens.highlight import shown_note
from tests.conftest import tiny_corpus
from tests.e2e.conftest import start_server, stop_server
from tests.e2e.helpers import settle, visit
from tests.test_reader_limit import LIMIT, _long_text

LONG_TITLE = "A very long report"


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory):
    from newslens.models import Article, ArticleRecord, Entity, Mention
    from newslens.resolve import link_partial_names
    from newslens.store import Store

    workdir = tmp_path_factory.mktemp("limits")
    text, at = _long_text()
    text *= 20
    start = at["Jens Stoltenberg"]
    record = ArticleRecord("long", "2022-03-26", entities=(Entity(
        "jens-stoltenberg", "Jens Stoltenberg", "PERSON",
        (Mention(start, start + 16, "Jens Stoltenberg"),)),))
    store = Store(workdir / "store.duckdb", idle_close_seconds=0)
    store.add_articles([*tiny_corpus(),
                        (Article("long", text, title=LONG_TITLE, published="2022-03-26"), "h", record)])
    store.replace_auto_links(link_partial_names(store.person_actor_names()))
    store.close()
    server = start_server(workdir / "store.duckdb", workdir, env={
        "NEWSLENS_MAX_UPLOAD_MB": "1", "NEWSLENS_MAX_ARTICLE_CHARS": str(LIMIT)})
    server.text = text
    yield server
    stop_server(server)


def test_the_uploader_refuses_a_file_over_the_setting(limited_server, tab):
    page = tab.page
    visit(page, limited_server.url, "Add articles")
    expect(page.get_by_text("1MB per file", exact=False)).to_be_visible()
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploader.set_input_files({"name": "big.txt", "mimeType": "text/plain",
                              "buffer": b"Big\n\n" + b"word " * 300_000})  # 1.4 MB
    expect(page.get_by_text(re.compile(r"File must be 1(\.0)? ?MB or smaller"))).to_be_visible()
    page.get_by_role("button", name="Add these files").click()
    settle(page, "Add articles")
    expect(page.get_by_text("Choose one or more files first.")).to_be_visible()  # nothing sent
    assert "Added" not in page.inner_text("body")


def test_the_reader_sends_the_first_part_of_a_long_article(limited_server, tab):
    page = tab.page
    visit(page, limited_server.url, "Articles", "?article=long")
    note = shown_note(len(limited_server.text), LIMIT)
    expect(page.get_by_text(note)).to_be_visible()
    reader = page.locator(".nl-article")
    shown = reader.inner_text()
    assert len(shown) <= LIMIT < 10 * LIMIT < len(limited_server.text)
    assert shown.split()[:4] == limited_server.text.split()[:4]
    expect(reader.locator("mark")).to_have_count(1)  # Jens Stoltenberg, in the part shown
    html_size = page.evaluate("() => document.querySelector('.nl-article').outerHTML.length")
    assert html_size < 2 * LIMIT
    tab.assert_clean()
