"""One filter, set five ways, filters every page and survives page switches and a reload.

The sidebar test runs first in this module, so it makes its choice in the server's very first
session (where Streamlit's old pages/ mode used to drop the first choice); the URL test gets a
server of its own whose first request is a page URL with a filter.
"""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from newslens.queries import Filters
from tests.e2e.helpers import (
    PAGES,
    captions,
    choose_in_sidebar,
    click_grid_row,
    expect_chips,
    expect_filtered,
    grid_rows,
    metric,
    network_node,
    no_exception,
    query_params,
    said,
    settle,
    switch,
    visit,
    wait_main,
)


def _filters_everywhere(tab, *, label: str, kind: str, name: str, filters: Filters, expected) -> None:
    """Every page says it is filtered by `name`, the URL carries it, the numbers follow."""
    page = tab.page
    param = {"Actor": "actor", "Place": "place"}[label]
    for title in PAGES:
        switch(page, title)
        no_exception(page)
        expect_filtered(page, f"{kind} {name}")
        assert query_params(page)[param] == [name]
        expect_chips(page, label, [name])
    numbers = expected("key_numbers", filters)
    assert numbers["articles"] < expected("key_numbers", Filters())["articles"]  # a real filter
    switch(page, "Overview")
    assert metric(page, "Articles") == str(numbers["articles"])
    assert metric(page, "Quotes") == str(numbers["quotes"])
    switch(page, "Map")
    wait_main(page, "Map")
    expect(page.locator(".scattergeo path.point")).to_have_count(len(expected("place_bubbles", filters)))
    page.reload()
    settle(page, "Map")
    expect_filtered(page, f"{kind} {name}")
    assert query_params(page)[param] == [name]
    expect_chips(page, label, [name])
    switch(page, "Quotes")
    expect_filtered(page, f"{kind} {name}")
    shown = expected("quotes_table", filters)
    assert f"{len(shown):,} quotes." in " ".join(captions(page))
    tab.assert_clean()


def test_actor_chosen_in_the_sidebar(server, tab, expected):
    page = tab.page
    visit(page, server.url, "Overview")
    choose_in_sidebar(page, "Actor", "Vladimir Putin")
    settle(page, "Overview")
    expect_filtered(page, "actor Vladimir Putin")
    assert query_params(page)["actor"] == ["Vladimir Putin"]
    _filters_everywhere(tab, label="Actor", kind="actor", name="Vladimir Putin",
                        filters=Filters(actors=("vladimir-putin",)), expected=expected)


def test_actor_from_a_url_as_the_first_visit_to_a_fresh_server(fresh_server, tab, expected):
    page = tab.page
    visit(page, fresh_server.url, "Map", "?actor=Jens+Stoltenberg")
    expect_filtered(page, "actor Jens Stoltenberg")
    _filters_everywhere(tab, label="Actor", kind="actor", name="Jens Stoltenberg",
                        filters=Filters(actors=("jens-stoltenberg",)), expected=expected)


def test_place_from_a_click_on_a_map_bubble(server, tab, expected):
    page = tab.page
    visit(page, server.url, "Map")
    wait_main(page, "Map")
    bubbles = expected("place_bubbles", Filters())
    index = int(bubbles.index[bubbles["name"] == "Paris"][0])
    page.locator(".scattergeo path.point").nth(index).click(force=True)
    settle(page)
    expect_filtered(page, "place Paris")
    _filters_everywhere(tab, label="Place", kind="place", name="Paris",
                        filters=Filters(places=(bubbles.at[index, "id"],)), expected=expected)


def test_actor_from_a_click_on_a_network_node(server, tab, expected):
    page = tab.page
    visit(page, server.url, "Actors")
    wait_main(page, "Actors")
    network_node(page, "Emmanuel Macron").click(force=True)
    settle(page)
    expect_filtered(page, "actor Emmanuel Macron")
    _filters_everywhere(tab, label="Actor", kind="actor", name="Emmanuel Macron",
                        filters=Filters(actors=("emmanuel-macron",)), expected=expected)


def test_actor_from_a_row_of_the_quote_table(server, tab, expected):
    page = tab.page
    visit(page, server.url, "Quotes")
    wait_main(page, "Quotes")
    table = expected("quotes_table", Filters())
    row = int(table.index[table["speaker"] == "Jens Stoltenberg"][0])
    assert said(page)[row][0] == "Jens Stoltenberg"  # the row on screen is that quote
    click_grid_row(page, row)
    settle(page)
    expect_filtered(page, "actor Jens Stoltenberg")
    _filters_everywhere(tab, label="Actor", kind="actor", name="Jens Stoltenberg",
                        filters=Filters(actors=("jens-stoltenberg",)), expected=expected)


def _download(page) -> list[dict[str, str]]:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download these quotes (CSV)").click()
    data = open(info.value.path(), encoding="utf-8").read()
    return list(csv.DictReader(io.StringIO(data)))


def test_quote_csv_holds_exactly_the_rows_shown(server, browser, expected):
    from tests.e2e.conftest import open_tab

    context, tab = open_tab(browser, accept_downloads=True)
    page = tab.page
    try:
        # filtered so that every row fits on screen: compare each cell the grid shows
        visit(page, server.url, "Quotes", "?actor=Vladimir+Putin")
        wait_main(page, "Quotes")
        header, rows = grid_rows(page)
        downloaded = _download(page)
        columns = {"Quote": "quote", "Speaker": "speaker", "Kind": "kind", "Cue": "cue",
                   "Article": "article", "Date": "date", "Source": "source"}
        assert rows and len(downloaded) == len(rows)
        assert [[line[columns[h]] for h in header] for line in downloaded] == rows
        assert f"{len(rows)} quotes." in " ".join(captions(page))
        # unfiltered: as many rows as the caption says, in the order of the grid
        visit(page, server.url, "Quotes")
        wait_main(page, "Quotes")
        header, rows = grid_rows(page)
        downloaded = _download(page)
        total = len(expected("quotes_table", Filters()))
        assert len(downloaded) == total and f"{total:,} quotes." in " ".join(captions(page))
        assert [[line[columns[h]] for h in header] for line in downloaded[:len(rows)]] == rows
        # a search narrows both
        page.get_by_label("Search quotes").fill("Nothing will stop us")
        page.keyboard.press("Enter")
        expect(page.get_by_text("1 quotes.")).to_be_visible()
        settle(page)
        header, rows = grid_rows(page, count=1)
        downloaded = _download(page)
        assert [[line[columns[h]] for h in header] for line in downloaded] == rows
        tab.assert_clean()
    finally:
        context.close()
