import streamlit as st

from newslens import charts, queries
from ui.data import MAP_CONFIG, query
from ui.filters import PLACE, filter_on_click
from ui.layout import empty
from ui.page import start

filters = start("Map", lead="Places named in the articles: bubbles sized by mentions, "
       "countries shaded by the mentions of their places. Click a bubble to filter by that place.")

bubbles = query(queries.place_bubbles, filters)
if bubbles.empty:
    empty("places", filters)
    st.stop()


countries = query(queries.country_mentions, filters)
st.plotly_chart(charts.place_map(bubbles, countries), config=MAP_CONFIG, key="place_map",
                on_select=filter_on_click("place_map", PLACE), selection_mode="points")
st.caption(f"{len(bubbles):,} places, {int(bubbles['mentions'].sum()):,} mentions.")

st.subheader("Places")
st.dataframe(
    bubbles[["name", "kind", "country", "mentions", "articles", "top_actors"]].fillna(
        {"country": "—", "top_actors": "—"}),
    hide_index=True,
    column_config={"name": "Place", "kind": "Kind", "country": "Country",
                   "mentions": st.column_config.NumberColumn("Mentions"),
                   "articles": st.column_config.NumberColumn("Articles"),
                   "top_actors": "Actors most often named with it"},
)
