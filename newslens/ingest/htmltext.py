"""HTML fragments (feed summaries, CMS fields) -> plain text, with the standard library.

Whole pages go through trafilatura (html.py) to find the article among menus and footers;
a fragment is already the article, so only tags and entities need to go.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "hr",
    "figure",
    "dd",
    "dt",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head"}
_HTML_TAG = re.compile(
    r"<(?:p|div|br|span|a|li|ul|ol|h[1-6]|strong|em|b|i|img|blockquote|table|figure)\b[^>]*>"
    r"|&(?:[a-z]+|#\d+|#x[0-9a-f]+);",
    re.IGNORECASE,
)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_TAG.search(text))


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment; block elements become paragraph breaks."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    text = "".join(collector.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    # Collapse the empty lines block tags leave into single blank lines between paragraphs.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
