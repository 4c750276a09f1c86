"""Driving the Streamlit app in the browser: navigation, waiting, reading, clicking."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

# page title -> url path (the default page lives at "/"; /overview is not a page URL)
PAGES = {"Overview": "", "Map": "map", "Timeline": "timeline", "Quotes": "quotes",
         "Actors": "actors", "Articles": "articles", "Add articles": "add_articles"}
# what each page is for: its main chart or table, visible when the page is usable
MAIN = {
    "Overview": '[data-testid="stPlotlyChart"] .barlayer path',
    "Map": ".scattergeo path.point",
    "Timeline": '[data-testid="stPlotlyChart"] .scatterlayer .trace.scatter path.point',
    "Quotes": '[data-testid="stDataFrame"] canvas',
    "Actors": '[data-testid="stPlotlyChart"] .scatterlayer path.point',
    "Articles": '[data-testid="stMarkdownContainer"] mark',
    "Add articles": '[data-testid="stFileUploader"]',
}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


# Every plotly chart on the page has drawn, a map with its base layer. Leaving a map before its
# topojson has arrived makes plotly.js throw in the browser ("reading '_scrollZoom'" of a chart
# already taken down), so a test, like a user, looks at a page before going on.
_CHARTS_DRAWN = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')).every(box => {
    const chart = box.querySelector('.js-plotly-plot');
    if (!chart || !chart._fullLayout || !chart.querySelector('.main-svg')) return false;
    const geo = (chart.data || []).some(t => t.type === 'scattergeo' || t.type === 'choropleth');
    return !geo || chart.querySelector('.geo .layer.land path') !== null;
})"""


def settle(page: Page, title: str | None = None, *, timeout: float = 30_000) -> None:
    """Wait until the page `title` is drawn and its script run has finished."""
    if title is not None:
        expect(page.locator("h1").first).to_have_text(title, timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)
    # a rerun the run itself asked for (st.rerun) starts right after; let it show up
    time.sleep(0.2)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(_CHARTS_DRAWN, timeout=timeout)


def visit(page: Page, base: str, title: str, query: str = "") -> None:
    page.goto(f"{base}/{PAGES[title]}{query}")
    settle(page, title)


def switch(page: Page, title: str) -> None:
    """Go to a page by its link in the sidebar, as a user does."""
    page.locator('[data-testid="stSidebarNav"] a').filter(
        has_text=re.compile(f"^{re.escape(title)}$")).click()
    settle(page, title)


def wait_main(page: Page, title: str, *, timeout: float = 30_000) -> None:
    page.locator(MAIN[title]).first.wait_for(state="visible", timeout=timeout)


def no_exception(page: Page) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()


def captions(page: Page) -> list[str]:
    return page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').all_inner_texts()


def query_params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def metric(page: Page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{re.escape(label)}")))
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def expect_filtered(page: Page, description: str) -> None:
    """The page's header says what it is filtered by (ui/layout.py header)."""
    expect(page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').filter(
        has_text=f"Filtered by {description}.")).to_be_visible()


def expect_chips(page: Page, label: str, names: list[str]) -> None:
    """The sidebar multiselect `label` shows exactly these choices."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.locator("label", has_text=re.compile(f"^{re.escape(label)}$")))
    expect(box.locator("[data-tag] span[title]")).to_have_text(names)


def choose_in_sidebar(page: Page, label: str, option: str) -> None:
    """Type into a sidebar multiselect and pick the option, as a user does."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.locator("label", has_text=re.compile(f"^{re.escape(label)}$")))
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def grid_rows(page: Page, index: int = 0, *, count: int | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows a data grid shows (its accessible table: the columns and rows in view);
    with `count`, once it shows that many rows (the grid redraws after the run)."""
    page.wait_for_function(
        """([index, count]) => {
            const grid = document.querySelectorAll('[data-testid="stDataFrame"]')[index];
            const rows = grid ? grid.querySelectorAll('table tr').length - 1 : 0;
            return count === null ? rows > 0 : rows === count;
        }""",
        arg=[index, count],
    )
    rows = page.evaluate(
        """(index) => {
            const grid = document.querySelectorAll('[data-testid="stDataFrame"]')[index];
            return Array.from(grid.querySelectorAll('table tr')).map(
                tr => Array.from(tr.children).map(cell => cell.textContent));
        }""",
        index,
    )
    return rows[0], rows[1:]


def click_grid_row(page: Page, row: int, index: int = 0) -> None:
    """Tick a row's selection box (the first column of a selectable grid)."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(index)
    box = grid.bounding_box()
    header = row_height = 35  # Streamlit's default row height, the header's too
    page.mouse.click(box["x"] + 16, box["y"] + header + row_height * row + row_height / 2)


def center(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def hover_text(page: Page, locator) -> str:
    """Hover a plotly point and read its hover label."""
    x, y = center(locator)
    page.mouse.move(x, y)
    label = page.locator(".hoverlayer .hovertext").first
    label.wait_for(state="visible", timeout=5_000)
    return label.text_content()


def network_node(page: Page, name: str):
    """The node of the actor network labelled `name` (its marker, not its label)."""
    traces = page.locator('[data-testid="stPlotlyChart"] .scatterlayer .trace')
    for t in range(traces.count()):
        texts = traces.nth(t).locator(".textpoint text").all_text_contents()
        if name in texts:
            return traces.nth(t).locator("path.point").nth(texts.index(name))
    raise AssertionError(f"no node {name!r}")


def choose_in_selectbox(page: Page, label: str, option: str) -> None:
    """Open the selectbox whose label starts with `label`, pick the option containing `option`."""
    box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(
        has=page.locator("label", has_text=re.compile(f"^{re.escape(label)}")))
    box.click()
    page.get_by_role("option").filter(has_text=option).first.click()


def plotted_names(page: Page, trace_type: str, index: int = 0) -> list[str]:
    """The names a plotly chart on the page was given for its `trace_type` points."""
    return page.evaluate(
        """([index, kind]) => {
            const chart = document.querySelectorAll('.js-plotly-plot')[index];
            const names = [];
            for (const trace of chart.data) {
                if (trace.type !== kind) continue;
                if (kind === 'scattergeo') names.push(...trace.customdata.map(row => row[1]));
                else names.push(...(trace.text || []));
            }
            return names;
        }""",
        [index, trace_type],
    )


def said(page: Page, **kwargs) -> list[tuple[str, str]]:
    """(speaker, quote) of each row the quote grid shows, whatever the column order."""
    header, rows = grid_rows(page, **kwargs)
    speaker, quote = header.index("Speaker"), header.index("Quote")
    return [(row[speaker], row[quote]) for row in rows]
