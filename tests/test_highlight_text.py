"""The reader's HTML is escaped and well nested; sentence bounds; markdown escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newslens.highlight import Mark, highlight_html
from newslens.text import escape_markdown, sentence_bounds

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: set[str] = set()
        self.ok = True

    def handle_starttag(self, tag, attrs):
        self.seen.add(tag)
        if tag != "br":
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.ok = False


def _parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    return parser


def test_hostile_text_and_labels_are_escaped():
    text = f"Before {HOSTILE} after Stoltenberg."
    start = text.index("Stoltenberg")
    marks = [Mark(start, start + 11, "PERSON", HOSTILE), Mark(0, len(text), "QUOTE", HOSTILE)]
    markup = highlight_html(text, marks)
    tags = _parse(markup)
    assert tags.seen <= {"div", "p", "br", "mark", "span"}
    assert tags.ok and not tags.stack
    assert "&lt;script&gt;" in markup and "<script" not in markup


@pytest.mark.parametrize(
    "marks",
    [
        [Mark(0, 5, "PERSON", "a"), Mark(3, 9, "ORG", "b")],  # overlapping names: first wins
        [Mark(2, 8, "QUOTE", "q"), Mark(6, 12, "PERSON", "n")],  # name straddles quote end
        [Mark(0, 12, "QUOTE", "q"), Mark(0, 5, "PERSON", "n"), Mark(7, 12, "PLACE", "p")],
        [Mark(5, 50, "GPE", "outside the text")],
    ],
)
def test_marks_always_nest(marks):
    tags = _parse(highlight_html("Hello world, again.", marks))
    assert tags.ok and not tags.stack


@given(st.text(max_size=200), st.lists(st.tuples(st.integers(0, 210), st.integers(0, 210),
                                                 st.sampled_from(["PERSON", "QUOTE", "PLACE"]))))
def test_any_text_any_marks_is_well_formed_and_loses_no_text(text, spans):
    marks = [Mark(a, b, kind, "x") for a, b, kind in spans]
    markup = highlight_html(text, marks)
    tags = _parse(markup)
    assert tags.ok and not tags.stack
    assert tags.seen <= {"div", "p", "br", "mark", "span"}
    visible = re.sub(r"<[^>]+>", "", markup.replace("</p><p>", "\n\n").replace("<br>", "\n"))
    import html
    assert html.unescape(visible) == text


@pytest.mark.parametrize(
    ("text", "word", "sentence"),
    [
        ("One. NATO met on Thursday, he said. Two.", "Thursday", "NATO met on Thursday, he said."),
        ('He left. "We won," she said. Then', "won", '"We won," she said.'),
        ("Title line\nBody on Monday here", "Monday", "Body on Monday here"),
        ("No end at all on Friday", "Friday", "No end at all on Friday"),
    ],
)
def test_sentence_bounds(text, word, sentence):
    start = text.index(word)
    low, high = sentence_bounds(text, start, start + len(word))
    assert text[low:high] == sentence


def test_escape_markdown_keeps_text_literal():
    assert escape_markdown("**bold** [x](javascript:alert(1)) <b>") == (
        r"\*\*bold\*\* \[x\]\(javascript\:alert\(1\)\) \<b\>"
    )
