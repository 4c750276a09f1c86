import streamlit as st

from newslens import queries
from newslens.config import load_settings
from newslens.ingest import SUPPORTED_EXTENSIONS, article_from_text, read_upload
from ui.build import add_with_progress
from ui.data import query
from ui.page import start

settings = load_settings()
start("Add articles",
      lead="Upload files or paste a text. New articles appear in every view right away; "
      "an article already in the store (same text) is not added twice.")

upload_tab, paste_tab = st.tabs(["Upload files", "Paste a text"])
with upload_tab:
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(
            "Files", accept_multiple_files=True,
            type=sorted(ext.lstrip(".") for ext in SUPPORTED_EXTENSIONS),
            help=f"Up to {settings.max_upload_mb} MB a file. Text and Markdown (first line is the "
            "title), HTML pages, JSON / JSON Lines / CSV with a text column, RSS or Atom feeds.",
        )
        uploaded = st.form_submit_button("Add these files", type="primary")
with paste_tab:
    with st.form("paste", clear_on_submit=True):
        title = st.text_input("Title")
        published = st.date_input("Published", value=None, format="YYYY-MM-DD")
        source = st.text_input("Source", placeholder="e.g. the outlet's name")
        text = st.text_area("Text", height=240)
        pasted = st.form_submit_button("Add this text", type="primary")

articles, problems = [], []
if uploaded and files:
    for file in files:
        result = read_upload(file.name, file.getvalue())
        articles += result.articles
        problems += result.problems
elif uploaded:
    st.warning("Choose one or more files first.")
if pasted and text.strip():
    articles.append(article_from_text(
        text, title=title.strip() or None, source=source.strip() or None,
        published=published.isoformat() if published else None,
    ))
elif pasted:
    st.warning("Paste a text first.")

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
