import streamlit as st

from newslens import charts, queries
from newslens.style import with_type_labels
from ui.data import CHART_CONFIG, query
from ui.filters import ACTOR, filter_on_click
from ui.layout import empty
from ui.page import start

filters = start("Actors", lead="Who appears with whom: actors linked when they are named in the "
       "same article; nodes sized by mentions, coloured by type. Click a node to filter by it.")

size = st.slider("Actors in the network", min_value=10, max_value=100, value=40, step=5,
                 key="network_size")
nodes, edges = query(queries.cooccurrence, filters, max_nodes=size)
if nodes.empty:
    empty("actors", filters)
    st.stop()


st.plotly_chart(charts.actor_network(nodes, edges), config=CHART_CONFIG, key="actor_network",
                on_select=filter_on_click("actor_network", ACTOR), selection_mode="points")
st.caption(f"{len(nodes):,} actors, {len(edges):,} links.")

st.subheader("Actors")
st.dataframe(
    # types in the words of the legend, not spaCy's labels
    with_type_labels(nodes[["name", "type", "mentions", "articles"]]),
    hide_index=True,
    column_config={"name": "Actor", "type": "Type",
                   "mentions": st.column_config.NumberColumn("Mentions"),
                   "articles": st.column_config.NumberColumn("Articles")},
)
