"""NEWSLENS_MAX_UPLOAD_MB enforces itself: on the uploader, on each uploaded file, on a paste."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from newslens.ingest import MAX_FILE_BYTES, read_upload, size_reason, upload_limit_bytes
from tests.conftest import ROOT

MB = 2**20


@pytest.mark.parametrize(("size", "limit", "reason"), [
    (MB + MB // 2, MB, "file too large (1.5 MB; limit 1 MB)"),
    (MB + 1, MB, "file too large (1.0 MB; limit 1 MB)"),
    (101, 100, "file too large (101 bytes; limit 100 bytes)"),
])
def test_upload_over_the_limit_is_a_problem_with_its_sizes(size, limit, reason):
    result = read_upload("big.txt", b"x" * size, max_bytes=limit)
    assert not result.articles
    assert [(p.source, p.reason) for p in result.problems] == [("big.txt", reason)]


def test_upload_at_the_limit_is_read():
    result = read_upload("fits.txt", b"Title\n\n" + b"x" * (MB - 7), max_bytes=MB)
    assert not result.problems and len(result.articles[0].text) == MB


def test_upload_limit_never_exceeds_the_whole_file_limit():
    assert upload_limit_bytes(50) == 50 * MB
    reason = read_upload("x.txt", b"x" * 10, max_bytes=MAX_FILE_BYTES * 2).problems
    assert not reason  # a small file is read whatever the limit
    assert size_reason(3 * MB, MB, "text") == "text too large (3 MB; limit 1 MB)"


@pytest.fixture
def app(tiny_store, monkeypatch, navigation_mode) -> AppTest:
    monkeypatch.setenv("NEWSLENS_DB", str(tiny_store.path))
    monkeypatch.setenv("NEWSLENS_MAX_UPLOAD_MB", "1")
    tiny_store.close()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/add_articles.py").run()
    assert not at.exception, at.exception
    return at


def _problem_log(at: AppTest) -> list[tuple[str, str]]:
    frames = [d.value for d in at.dataframe if "reason" in d.value.columns]
    return [] if not frames else list(zip(frames[0]["source"], frames[0]["reason"]))


def _article_count(at: AppTest) -> int:
    from newslens.config import load_settings
    from newslens.store import Store

    store = Store(load_settings().db_path, idle_close_seconds=0)
    try:
        return store.article_count()
    finally:
        store.close()


def test_the_uploader_is_given_the_setting(app):
    uploader = app.get("file_uploader")[0]
    assert uploader.proto.max_upload_size_mb == 1  # the browser refuses bigger files
    assert "Up to 1 MB a file" in uploader.proto.help


def test_the_setting_cannot_exceed_the_server_limit(tiny_store, monkeypatch, navigation_mode):
    monkeypatch.setenv("NEWSLENS_DB", str(tiny_store.path))
    monkeypatch.setenv("NEWSLENS_MAX_UPLOAD_MB", "100000")
    tiny_store.close()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page("pages/add_articles.py").run()
    server_limit = config.get_option("server.maxUploadSize")
    assert at.get("file_uploader")[0].proto.max_upload_size_mb == server_limit


def test_a_file_over_the_limit_sent_past_the_browser_is_refused(app):
    before = _article_count(app)
    app.get("file_uploader")[0].set_value(
        [("big one.txt", b"Big\n\n" + b"word " * (MB // 4), "text/plain")])
    app.button(key="FormSubmitter:upload-Add these files").click().run()
    assert not app.exception, app.exception
    assert [e.value for e in app.error] == [
        "Not added — big one.txt: file too large (1.3 MB; limit 1 MB)"]
    assert ("big one.txt", "file too large (1.3 MB; limit 1 MB)") in _problem_log(app)
    assert _article_count(app) == before


def test_a_paste_over_the_limit_is_refused_and_the_form_keeps_everything(app):
    before = _article_count(app)
    text = "Héllo wörld. " * (MB // 13)  # fewer than 1 MB characters, more than 1 MB of UTF-8
    assert len(text) < MB < len(text.encode("utf-8"))
    app.text_input(key="paste_title").input("Keep this title")
    app.text_input(key="paste_source").input("Keep this source")
    app.text_area(key="paste_text").input(text)
    app.button(key="FormSubmitter:paste-Add this text").click().run()
    assert not app.exception, app.exception
    size = len(text.encode("utf-8"))
    assert [e.value for e in app.error] == [
        f"Not added — the pasted text: {size_reason(size, MB, 'text')}. "
        "The form keeps what you typed: shorten the text or split it into parts."]
    assert "text too large (1.2 MB; limit 1 MB)" in app.error[0].value
    assert not app.success
    assert app.text_area(key="paste_text").value == text  # nothing typed is lost
    assert app.text_input(key="paste_title").value == "Keep this title"
    assert app.text_input(key="paste_source").value == "Keep this source"
    assert _article_count(app) == before


def test_an_empty_paste_asks_for_a_text(app):
    app.text_input(key="paste_title").input("Only a title")
    app.text_area(key="paste_text").input("  \x00 \n ")  # nothing left once cleaned
    app.button(key="FormSubmitter:paste-Add this text").click().run()
    assert not app.exception, app.exception
    assert [w.value for w in app.warning] == ["Paste a text first."]
    assert app.text_input(key="paste_title").value == "Only a title"
