import streamlit as st

from newslens import queries
from newslens.config import load_settings
from newslens.ingest import (
    SUPPORTED_EXTENSIONS,
    article_from_text,
    read_upload,
    size_reason,
    upload_limit_bytes,
)
from ui.build import add_with_progress
from ui.data import query
from ui.page import start

settings = load_settings()
# NEWSLENS_MAX_UPLOAD_MB limits each file and each pasted text; Streamlit's
# server.maxUploadSize stays the outer bound of any upload request.
limit_mb = max(1, min(settings.max_upload_mb, st.get_option("server.maxUploadSize")))
limit_bytes = upload_limit_bytes(limit_mb)
PASTE_FIELDS = {"paste_title": "", "paste_published": None, "paste_source": "", "paste_text": ""}

start("Add articles",
      lead="Upload files or paste a text. New articles appear in every view right away; "
      "an article already in the store (same text) is not added twice.")


def _take_paste() -> None:
    """The paste form's submit: keep the article for this run and clear the form, or refuse
    the text and leave every field as it was, so nothing typed is lost."""
    state = st.session_state
    text = state.get("paste_text") or ""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > limit_bytes:
        state["_paste_refused"] = ("error",
            f"Not added — the pasted text: {size_reason(size, limit_bytes, 'text')}. "
            "The form keeps what you typed: shorten the text or split it into parts.")
        return
    try:
        published = state.get("paste_published")
        article = article_from_text(
            text, title=(state.get("paste_title") or "").strip() or None,
            source=(state.get("paste_source") or "").strip() or None,
            published=published.isoformat() if published else None)
    except ValueError:
        state["_paste_refused"] = ("warning", "Paste a text first.")
        return
    state["_paste_article"] = article
    state.update(PASTE_FIELDS)


upload_tab, paste_tab = st.tabs(["Upload files", "Paste a text"])
with upload_tab:
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(
            "Files", accept_multiple_files=True,
            type=sorted(ext.lstrip(".") for ext in SUPPORTED_EXTENSIONS),
            max_upload_size=limit_mb,
            help=f"Up to {limit_mb} MB a file. Text and Markdown (first line is the "
            "title), HTML pages, JSON / JSON Lines / CSV with a text column, RSS or Atom feeds.",
        )
        uploaded = st.form_submit_button("Add these files", type="primary")
with paste_tab:
    with st.form("paste"):
        st.text_input("Title", key="paste_title")
        st.date_input("Published", value=None, format="YYYY-MM-DD", key="paste_published")
        st.text_input("Source", placeholder="e.g. the outlet's name", key="paste_source")
        st.text_area("Text", height=240, key="paste_text", help=f"Up to {limit_mb} MB.")
        st.form_submit_button("Add this text", type="primary", on_click=_take_paste)

articles, problems = [], []
if uploaded and files:
    for file in files:
        # the browser enforces the limit; a request sent around it is refused here
        result = read_upload(file.name, file.getvalue(), max_bytes=limit_bytes)
        articles += result.articles
        problems += result.problems
elif uploaded:
    st.warning("Choose one or more files first.")
if "_paste_article" in st.session_state:
    articles.append(st.session_state.pop("_paste_article"))
if "_paste_refused" in st.session_state:
    level, message = st.session_state.pop("_paste_refused")
    (st.warning if level == "warning" else st.error)(message)

if articles or problems:
    report = add_with_progress(articles, problems)
    st.success(f"Added {report.added:,} articles; {report.duplicates:,} were already in the store.")
    for problem in report.problems:
        st.error(f"Not added — {problem.source}: {problem.reason}")

st.subheader("Ingest problems")
st.caption("Files and entries that could not be read, by this page or by "
           "`python -m newslens build`, with the reason.")
problem_log = query(queries.ingest_problems)
if problem_log.empty:
    st.info("No problems so far: every file given was read.")
else:
    st.dataframe(problem_log, hide_index=True,
                 column_config={"when": st.column_config.DatetimeColumn("When"),
                                "source": "File", "reason": "Reason"})
