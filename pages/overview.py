import streamlit as st

from newslens import charts, queries
from ui.data import CHART_CONFIG, query
from ui.figures import day_axis
from ui.filters import ACTOR, PLACE, filter_on_click
from ui.layout import empty
from ui.page import start

filters = start("Overview", lead="Who is in the news, where, what they said and when.")

numbers = query(queries.key_numbers, filters)
# a row that wraps: two or three numbers a line on a phone instead of one each
with st.container(horizontal=True, horizontal_alignment="distribute", gap="medium"):
    st.metric("Articles", f"{numbers['articles']:,}", width="content")
    st.metric("Actors", f"{numbers['actors']:,}", width="content")
    st.metric("Places", f"{numbers['places']:,}", width="content")
    st.metric("Quotes", f"{numbers['quotes']:,}", width="content")
    st.metric("Undated articles", f"{numbers['undated']:,}", width="content",
              help="Articles whose publication date is unknown (not in the metadata or text).")

if numbers["articles"] == 0:
    empty("articles", filters)
    st.stop()


left, right = st.columns(2)
with left:
    st.subheader("Top actors")
    actors = query(queries.top_actors, filters, limit=15)
    if actors.empty:
        empty("actors", filters)
    else:
        st.plotly_chart(charts.top_actors_bar(actors), config=CHART_CONFIG, key="top_actors_chart",
                        on_select=filter_on_click("top_actors_chart", ACTOR), selection_mode="points")
        st.caption("Click a bar to filter every page by that actor.")
with right:
    st.subheader("Top places")
    places = query(queries.top_places, filters, limit=15)
    if places.empty:
        empty("places", filters)
    else:
        st.plotly_chart(charts.top_places_bar(places), config=CHART_CONFIG, key="top_places_chart",
                        on_select=filter_on_click("top_places_chart", PLACE), selection_mode="points")

st.subheader("Articles over time")
per_day = query(queries.articles_per_day, filters)
if per_day.empty:
    empty("dated articles", filters)
else:
    st.plotly_chart(day_axis(charts.articles_over_time(per_day), per_day["day"]), config=CHART_CONFIG)

st.subheader("Latest articles")
latest = query(queries.latest_articles, filters, limit=10)
st.dataframe(
    latest[["published", "title", "source"]].fillna({"source": "—"}), hide_index=True,
    column_config={"published": st.column_config.DateColumn("Published"),
                   "title": "Title", "source": "Source"},
)
