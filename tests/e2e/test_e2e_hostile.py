"""An article made of markup: title, text, author, source, link, an actor's name and quotes.

Everything must show as text and nothing may run: no dialog ever opens (page.on("dialog")),
and no element the article's markup would have made is in the DOM.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import HOSTILE_ACTOR, HOSTILE_META, HOSTILE_TITLE
from tests.e2e.helpers import (
    PAGES,
    choose_in_selectbox,
    choose_in_sidebar,
    expect_filtered,
    hover_text,
    network_node,
    no_exception,
    said,
    settle,
    switch,
    visit,
    wait_main,
)

_INJECTED = """() => {
    const found = [];
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
            const value = attribute.value.toLowerCase();
            if (attribute.name.startsWith('on') && value.includes('alert')) found.push(element.outerHTML);
            if (['href', 'src', 'action', 'formaction'].includes(attribute.name)
                && value.trim().startsWith('javascript:')) found.push(element.outerHTML);
        }
        if (element.tagName === 'SCRIPT' && element.textContent.includes('alert(')) found.push(element.outerHTML);
        if (element.tagName === 'IMG' && element.getAttribute('src') === 'x') found.push(element.outerHTML);
    }
    for (const frame of document.querySelectorAll('iframe')) found.push(frame.outerHTML);
    return found.map(html => html.slice(0, 200));
}"""


def _nothing_injected(tab) -> None:
    assert tab.page.evaluate(_INJECTED) == []
    assert not tab.dialogs, tab.dialogs


def test_markup_shows_as_text_and_runs_nothing(server, tab):
    page = tab.page
    # every page, unfiltered: the hostile titles, quotes and names are in lists and charts
    for title in PAGES:
        visit(page, server.url, title)
        wait_main(page, title)
        no_exception(page)
        _nothing_injected(tab)

    # the reader: title, text, author, source as text; no link to a javascript: URL
    visit(page, server.url, "Articles")
    choose_in_selectbox(page, "Article", HOSTILE_TITLE)
    settle(page, "Articles")
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name=HOSTILE_TITLE)).to_be_visible()
    body = main.locator('[data-testid="stMarkdownContainer"]').filter(has=page.locator("mark"))
    text = body.inner_text()
    assert '"<script>alert(4)</script> We will <img src=x onerror=alert(5)> never give up,"' in text
    assert '<a href="javascript:alert(6)">this link</a>' in text
    assert "[click here](javascript:alert(7))" in text
    links = body.get_by_role("link")
    assert links.count() == 0, [links.nth(i).evaluate("e => e.outerHTML") for i in range(links.count())]
    _nothing_injected(tab)
    choose_in_selectbox(page, "Article", HOSTILE_META["title"])
    settle(page, "Articles")
    meta = main.locator('[data-testid="stCaptionContainer"]').filter(has_text="Published").inner_text()
    assert f"Source: {HOSTILE_META['source']}" in meta and f"By {HOSTILE_META['author']}" in meta
    assert page.get_by_role("link", name="Open the original").count() == 0  # javascript: URL
    _nothing_injected(tab)

    # the actor whose name is markup: a node of the network, a hover text, a filter
    visit(page, server.url, "Actors")
    wait_main(page, "Actors")
    node = network_node(page, HOSTILE_ACTOR)
    assert HOSTILE_ACTOR in hover_text(page, node)
    _nothing_injected(tab)
    choose_in_sidebar(page, "Actor", HOSTILE_ACTOR)
    settle(page, "Actors")
    expect_filtered(page, f"actor {HOSTILE_ACTOR}")
    for title in PAGES:
        switch(page, title)
        no_exception(page)
        expect_filtered(page, f"actor {HOSTILE_ACTOR}")
        if title == "Quotes":
            assert (HOSTILE_ACTOR, "Freedom is <b>not</b> negotiable,") in said(page)
        _nothing_injected(tab)
    page.reload()
    settle(page, "Add articles")
    expect_filtered(page, f"actor {HOSTILE_ACTOR}")
    _nothing_injected(tab)
    tab.assert_clean()
