import streamlit as st

from newslens import queries
from ui.data import query
from ui.filters import ACTOR, request_filter
from ui.layout import empty
from ui.page import start

filters = start("Quotes", lead="Who said what: direct quotes, quoted fragments and reported "
       "speech, with the speaker resolved to an actor.")

speakers = query(queries.speaker_options, filters)
speaker_names = dict(zip(speakers["id"], speakers["name"]))
search_col, speaker_col = st.columns([3, 2])
search = search_col.text_input("Search quotes", key="quote_search",
                               placeholder="words in the quote or the speaker's name")
chosen = speaker_col.multiselect("Speaker", options=list(speaker_names),
                                 format_func=lambda i: f"{speaker_names[i]} ({int(speakers.set_index('id').at[i, 'quotes'])})",
                                 key="quote_speaker", placeholder="Any speaker")

table = query(queries.quotes_table, filters, search=search, speakers=tuple(chosen))
if table.empty:
    what = "quotes matching this search" if search or chosen else "quotes"
    empty(what, filters)
    st.stop()

# who, then what: on a phone the speaker stays in view beside the start of the quote
shown = table[["speaker", "quote", "kind", "cue", "article", "date", "source"]].fillna(
    {"speaker": "unknown", "cue": "", "source": ""})
st.caption(f"{len(shown):,} quotes. Select a row to filter every page by its speaker.")


def _pick_speaker() -> None:
    rows = st.session_state["quotes_table"].selection.rows
    if rows:
        speaker_id = table.iloc[rows[0]]["speaker_id"]
        if isinstance(speaker_id, str) and speaker_id:
            request_filter(ACTOR, [speaker_id])


st.dataframe(
    shown, hide_index=True, key="quotes_table", on_select=_pick_speaker,
    selection_mode="single-row",
    column_config={
        "speaker": st.column_config.TextColumn("Speaker", width="medium"),
        "quote": st.column_config.TextColumn("Quote", width="large"),
        "kind": "Kind", "cue": "Cue", "article": "Article",
        "date": st.column_config.DateColumn("Date"), "source": "Source",
    },
)
st.download_button(
    "Download these quotes (CSV)", data=shown.to_csv(index=False).encode("utf-8"),
    file_name="newslens-quotes.csv", mime="text/csv",
)
