import streamlit as st

from newslens import queries
from newslens.config import load_settings
from newslens.highlight import article_marks, highlight_html, legend_html, shown_note
from newslens.style import with_type_labels
from newslens.text import escape_markdown
from ui.data import query
from ui.layout import empty
from ui.page import start

filters = start("Articles", lead="Read an article with its actors, places and quotes marked.")

search = st.text_input("Search titles and texts", key="article_search")
listing = query(queries.article_list, filters, search=search)
if listing.empty:
    empty("articles matching this search" if search else "articles", filters)
    st.stop()

labels = {
    row.id: f"{row.published_day or 'date unknown'} — {row.title or row.id}"
    for row in listing.itertuples(index=False)
}
chosen = st.selectbox(f"Article ({len(listing):,})", options=list(labels),
                      format_func=labels.get, key="article", bind="query-params")
detail = query(queries.article_detail, chosen) if chosen else None
if detail is None:
    st.stop()

article = detail.article
st.subheader(escape_markdown(article["title"] or article["id"]))
day = article["published_day"]
meta = [f"Published {day}" if isinstance(day, str) else "Publication date unknown"]
if article.get("published_from") == "text":
    meta[0] += " (found in the text)"
if isinstance(article["source"], str):
    meta.append(f"Source: {escape_markdown(article['source'])}")
if isinstance(article["author"], str):
    meta.append(f"By {escape_markdown(article['author'])}")
st.caption(" · ".join(meta))
if isinstance(article["url"], str) and article["url"].startswith(("http://", "https://")):
    st.link_button("Open the original", article["url"])
if isinstance(article["notes"], str):
    st.warning(article["notes"])

# the browser gets at most the part extraction reads (NEWSLENS_MAX_ARTICLE_CHARS), not a
# whole 20 MB text
max_chars = load_settings().max_article_chars
st.markdown(legend_html(), unsafe_allow_html=True)  # fixed labels only
text_col, side_col = st.columns([3, 1])
with text_col:
    if note := shown_note(len(article["text"]), max_chars):
        st.info(note)
    # highlight_html escapes every character of the article text and of the labels
    marks = article_marks(detail.mentions, detail.places, detail.quotes)
    st.markdown(highlight_html(article["text"], marks, max_chars=max_chars),
                unsafe_allow_html=True)
with side_col:
    st.markdown("**Actors**")
    # types in the words of the legend above, not spaCy's labels
    st.dataframe(with_type_labels(detail.actor_summary()), hide_index=True,
                 column_config={"name": "Actor", "type": "Type",
                                "mentions": st.column_config.NumberColumn("Mentions")})
    st.markdown("**Places**")
    st.dataframe(detail.place_summary().fillna({"country": "—"}), hide_index=True,
                 column_config={"name": "Place", "country": "Country",
                                "mentions": st.column_config.NumberColumn("Mentions")})
    st.markdown("**Quotes**")
    if detail.quotes.empty:
        st.caption("No quotes found in this article.")
    else:
        st.dataframe(detail.quotes[["speaker", "text"]].fillna({"speaker": "unknown"}),
                     hide_index=True, column_config={"speaker": "Speaker", "text": "Quote"})
