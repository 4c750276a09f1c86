"""Every page in Chromium, offline: no exception, no console error, screenshots, the map."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import NARROW, SCREENSHOTS, WIDE, open_tab
from tests.e2e.helpers import PAGES, hover_text, no_exception, settle, visit, wait_main


def _screenshot(tab, name: str, viewport: dict) -> None:
    """What a user sees (the viewport), and the whole page below it."""
    page = tab.page
    SCREENSHOTS.mkdir(exist_ok=True)
    page.wait_for_timeout(500)  # data grids lay out their columns after they appear
    page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}x{viewport['height']}.png")
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    if height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": min(height, 8000)})
        settle(page)
        page.wait_for_timeout(500)  # plotly redraws on resize
        page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}x{viewport['height']}-full.png")
        page.set_viewport_size(viewport)


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_every_page_loads_cleanly_and_is_screenshot(server, browser, viewport):
    context, tab = open_tab(browser, viewport=viewport)
    try:
        for title in PAGES:
            visit(tab.page, server.url, title)
            wait_main(tab.page, title)
            no_exception(tab.page)
            # the sidebar with its filters is on every page (collapsed on a phone); the sidebar
            # may still be redrawing after the main chart shows, so wait for it, do not sample it
            expect(tab.page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')).to_have_count(4)
            _screenshot(tab, PAGES[title] or "overview", viewport)
            tab.assert_clean()
    finally:
        context.close()


def test_map_draws_base_layer_and_points_offline(server, tab, expected):
    from newslens.queries import Filters

    page = tab.page
    visit(page, server.url, "Map")
    wait_main(page, "Map")
    # the base layer comes from /app/static/topojson (the only request the map makes)
    land = page.locator(".geo .layer.land path")
    countries = page.locator(".geo .layer.countries path")
    assert land.count() >= 1 and len(land.first.get_attribute("d") or "") > 1000
    assert countries.count() >= 1 and len(countries.first.get_attribute("d") or "") > 1000
    assert page.locator(".choroplethlocation").count() > 0  # countries shaded
    bubbles = expected("place_bubbles", Filters())
    points = page.locator(".scattergeo path.point")
    expect(points).to_have_count(len(bubbles))
    # hover texts name the place in plain words
    index = bubbles.index[bubbles["name"] == "United States"][0]
    assert "United States (country)" in hover_text(page, points.nth(int(index)))
    tab.assert_clean()  # nothing was fetched from the web (every such request is blocked)


def test_the_test_browser_reaches_nothing_but_this_machine(server, tab):
    """The guard the other tests rely on: a request to the web fails and is recorded."""
    page = tab.page
    visit(page, server.url, "Add articles")
    outcome = page.evaluate("""async () => {
        try { await fetch('http://example.com/newslens-probe'); return 'fetched'; }
        catch (error) { return 'failed'; }
    }""")
    assert outcome == "failed"
    assert page.evaluate("async () => (await fetch('/_stcore/health')).status") == 200
    assert tab.blocked == ["http://example.com/newslens-probe"]
