import streamlit as st

from newslens import charts, queries
from ui.data import CHART_CONFIG, query
from ui.figures import day_axis, lines_by_type
from ui.layout import empty
from ui.page import start

filters = start("Timeline", lead="When actors were in the news, when they spoke, and the dated "
       "events the articles report.")

if filters.actors:
    actor_ids = list(filters.actors)
    st.subheader("Mentions per day of the chosen actors")
else:
    top = query(queries.top_actors, filters, limit=5)
    actor_ids = top["id"].tolist()
    st.subheader("Mentions per day of the five most mentioned actors")
per_day = query(queries.actor_mentions_per_day, filters, actor_ids) if actor_ids else None
if per_day is None or per_day.empty:
    empty("dated mentions", filters)
else:
    figure = lines_by_type(charts.mentions_timeline(per_day), per_day)
    st.plotly_chart(day_axis(figure, per_day["day"]), config=CHART_CONFIG)
    st.caption("Line colours are the actor types of the other charts; dashes tell actors of "
               "one type apart.")

st.subheader("Quotes per day")
quotes = query(queries.quotes_per_day, filters)
if quotes.empty:
    empty("dated quotes", filters)
else:
    st.plotly_chart(day_axis(charts.quotes_over_time(quotes), quotes["day"]), config=CHART_CONFIG)

st.subheader("Dated events")
st.caption("Sentences whose dates were resolved against the article's publication date "
           "(\"on Thursday\" in an article of 24 March 2022 is 2022-03-24).")
events = query(queries.dated_events, filters, limit=300)
if events.empty:
    empty("dated events", filters)
else:
    st.dataframe(
        events[["date", "granularity", "sentence", "actors", "title", "published"]],
        hide_index=True,
        column_config={
            "date": st.column_config.DateColumn("Date"),
            "granularity": "Precision", "sentence": st.column_config.TextColumn("Event", width="large"),
            "actors": "Actors in the sentence", "title": "Article",
            "published": st.column_config.DateColumn("Published"),
        },
    )
