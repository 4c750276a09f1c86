"""A .txt uploaded on the Add articles page: its places on the map, its quotes in the table."""

from __future__ import annotations

from playwright.sync_api import expect

from newslens.queries import Filters
from tests.e2e.helpers import (
    captions,
    expect_filtered,
    no_exception,
    plotted_names,
    said,
    settle,
    switch,
    visit,
    wait_main,
)

UPLOAD = """Iceland hosts talks

Reykjavik, 28 March 2022. Katrin Jakobsdottir welcomed the delegations to Reykjavik. "Small countries can build big bridges," Jakobsdottir said.
"""


def test_uploaded_article_reaches_the_map_and_the_quotes(server, tab, expected, tmp_path):
    page = tab.page
    before = len(expected("place_bubbles", Filters()))
    upload = tmp_path / "iceland.txt"
    upload.write_text(UPLOAD, encoding="utf-8")

    visit(page, server.url, "Add articles")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(upload)
    expect(page.get_by_text("iceland.txt")).to_be_visible()
    page.get_by_role("button", name="Add these files").click()
    # the first upload loads the language model in the server
    expect(page.get_by_text("Added 1 articles; 0 were already in the store.")).to_be_visible(timeout=180_000)
    settle(page, "Add articles")
    no_exception(page)

    switch(page, "Map")
    wait_main(page, "Map")
    points = page.locator(".scattergeo path.point")
    expect(points).to_have_count(before + 2)  # Iceland and Reykjavík are new
    assert f"{before + 2:,} places" in " ".join(captions(page))
    visit(page, server.url, "Map", "?place=Reykjav%C3%ADk")
    expect_filtered(page, "place Reykjavík")
    wait_main(page, "Map")
    assert sorted(plotted_names(page, "scattergeo")) == ["Iceland", "Reykjavík"]
    expect(points).to_have_count(2)

    switch(page, "Quotes")
    assert ("Katrin Jakobsdottir", "Small countries can build big bridges,") in said(page)
    visit(page, server.url, "Quotes")  # and among all the quotes
    page.get_by_label("Search quotes").fill("big bridges")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 quotes.")).to_be_visible()
    settle(page)
    assert said(page, count=1) == [("Katrin Jakobsdottir", "Small countries can build big bridges,")]
    tab.assert_clean()
