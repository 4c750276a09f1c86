"""Ingestion readers: every format, field aliases, dates, encodings, folders and problems.

Small files are written to tmp_path; nothing here needs spaCy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newslens.ingest import (
    SUPPORTED_EXTENSIONS,
    IngestResult,
    article_from_text,
    content_hash,
    iter_paths,
    read_paths,
    read_upload,
)
from newslens.ingest import sources as ingest_sources
from newslens.ingest.dates import normalise_date
from newslens.models import Article, IngestProblem

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SEED_TITLE = "NATO Coalition Calls on China to Oppose Russia's War in Ukraine"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def only_article(result: IngestResult) -> Article:
    assert result.problems == [], result.problems
    assert len(result.articles) == 1, result.articles
    return result.articles[0]


def only_problem(result: IngestResult) -> IngestProblem:
    assert result.articles == [], result.articles
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


# --- one article per format -------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example News</title><link>https://example.com/</link>
<item><title>First &amp; best</title><link>https://www.example.com/a</link><guid>urn:a</guid>
<pubDate>Thu, 24 Mar 2022 23:30:00 -0500</pubDate><author>jane@example.com (Jane)</author>
<description>&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</description>
</item></channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Site</title>
<entry><title>Atom one</title><id>tag:x,2022:1</id><link href="http://news.example.org/1"/>
<updated>2022-03-24T10:00:00Z</updated><author><name>Bob</name></author>
<summary>short</summary><content type="html">&lt;p&gt;Full content here.&lt;/p&gt;</content>
</entry></feed>
"""
HTML = """<!DOCTYPE html><html><head><title>Big news | Example</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2022-03-24T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Big news</h1>
<p>"We will not stop," said the minister on Thursday, speaking to reporters in the capital.</p>
<p>A second paragraph with more words, so that the extractor is sure it is the body.</p>
</article><footer>Copyright Example News</footer></body></html>
"""
TEXT = "# Headline here\n\nBody of the article.\n"

FORMAT_CASES = [
    # name, content, expected fields
    (
        "a.txt",
        "\n\n  Title line  \nBody.\n",
        {"title": "Title line", "text": "\n\n  Title line  \nBody.\n"},
    ),
    ("a.md", TEXT, {"title": "Headline here", "text": TEXT, "published": None, "source": None}),
    (
        "a.json",
        json.dumps(
            {
                "id": "x1",
                "text": "Body.",
                "title": "T",
                "published": "2022-03-24",
                "source": "S",
                "url": "https://a.org/1",
                "author": "A",
            }
        ),
        {
            "id": "x1",
            "text": "Body.",
            "title": "T",
            "published": "2022-03-24",
            "source": "S",
            "url": "https://a.org/1",
            "author": "A",
        },
    ),
    (
        "a.jsonl",
        '{"text": "Body.", "url": "https://www.bbc.co.uk/x"}\n',
        {"text": "Body.", "source": "bbc.co.uk"},
    ),
    ("a.ndjson", '{"id": 7, "text": "Body."}\n', {"id": "7", "text": "Body."}),
    (
        "a.csv",
        "id,title,text,date\n1,T,Body.,2022-03-24\n",
        {"id": "1", "title": "T", "text": "Body.", "published": "2022-03-24"},
    ),
    (
        "a.tsv",
        "title\ttext\nT\tBody, with a comma.\n",
        {"title": "T", "text": "Body, with a comma."},
    ),
    (
        "a.rss",
        RSS,
        {
            "id": "urn:a",
            "title": "First & best",
            "text": "Hello world.\n\nSecond.",
            "published": "2022-03-24",
            "source": "example.com",
            "url": "https://www.example.com/a",
            "author": "jane@example.com (Jane)",
        },
    ),
    (
        "a.atom",
        ATOM,
        {
            "id": "tag:x,2022:1",
            "title": "Atom one",
            "text": "Full content here.",
            "published": "2022-03-24",
            "author": "Bob",
            "source": "news.example.org",
        },
    ),
    ("feed.xml", ATOM, {"title": "Atom one"}),
    (
        "a.html",
        HTML,
        {
            "title": "Big news",
            "published": "2022-03-24",
            "author": "Jane Doe",
            "source": "Example News",
        },
    ),
    ("A.TXT", "Upper-case extension.", {"title": "Upper-case extension."}),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), FORMAT_CASES, ids=[c[0] for c in FORMAT_CASES]
)
def test_each_format_gives_one_article(
    tmp_path: Path, name: str, content: str, expected: dict
) -> None:
    path = write(tmp_path, name, content)
    article = only_article(read_paths([path]))
    for field, value in expected.items():
        assert getattr(article, field) == value, field
    assert article.text.strip()
    assert article.origin and article.origin.startswith(str(path))


@pytest.mark.parametrize(
    ("name", "content", "expected"), FORMAT_CASES, ids=[c[0] for c in FORMAT_CASES]
)
def test_upload_reads_like_a_file(tmp_path: Path, name: str, content: str, expected: dict) -> None:
    from_file = read_paths([write(tmp_path, name, content)]).articles
    uploaded = only_article(read_upload(name, content.encode("utf-8")))
    assert uploaded.text == from_file[0].text
    assert uploaded.id == from_file[0].id
    assert uploaded.origin and uploaded.origin.startswith(name)


def test_html_text_is_the_body_without_menus(tmp_path: Path) -> None:
    article = only_article(read_paths([write(tmp_path, "p.html", HTML)]))
    assert '"We will not stop," said the minister' in article.text
    assert "Home" not in article.text and "Copyright" not in article.text


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    page = HTML.replace("<head>", '<head><meta charset="windows-1251">').replace(
        "Big news", "Новини дня"
    )
    article = only_article(read_paths([write(tmp_path, "p.html", page.encode("cp1251"))]))
    assert article.title == "Новини дня"


def test_markdown_title_and_offsets_match_the_file(tmp_path: Path) -> None:
    content = "## Title\r\nFirst paragraph.\r\n"
    article = only_article(read_paths([write(tmp_path, "a.md", content)]))
    assert article.title == "Title"
    assert article.text == "## Title\nFirst paragraph.\n"  # newlines normalised, nothing else


def test_very_long_first_line_is_shortened_as_title(tmp_path: Path) -> None:
    article = only_article(read_paths([write(tmp_path, "a.txt", "word " * 100)]))
    assert article.title is not None and len(article.title) <= 201 and article.title.endswith("…")
    assert article.text == "word " * 100


# --- field aliases ----------------------------------------------------------------------------

ALIAS_CASES = [
    ({"body": "B"}, "text", "B"),
    ({"content": "B"}, "text", "B"),
    ({"article": "B"}, "text", "B"),
    ({"full_text": "B"}, "text", "B"),
    ({"Full Text": "B"}, "text", "B"),
    ({"text": "", "body": "B"}, "text", "B"),  # empty values fall through to the next alias
    ({"text": "T", "body": "B"}, "text", "T"),  # the contract name wins
    ({"text": ["P1", "P2"]}, "text", "P1\n\nP2"),
    ({"content": {"rendered": "<p>Hi <em>there</em></p>"}}, "text", "Hi there"),  # WordPress
    ({"text": "<p>One</p><p>Two &amp; three</p>"}, "text", "One\n\nTwo & three"),
    ({"text": "a < b and c > d"}, "text", "a < b and c > d"),  # not HTML: left alone
    ({"headline": "H"}, "title", "H"),
    ({"title": {"rendered": "R &amp; D"}}, "title", "R & D"),
    ({"date": "2022-05-17"}, "published", "2022-05-17"),
    ({"published_at": "2022-05-17T10:00:00Z"}, "published", "2022-05-17"),
    ({"publishedAt": "2022-05-17T10:00:00Z"}, "published", "2022-05-17"),  # NewsAPI
    ({"pubdate": "March 24, 2022"}, "published", "2022-03-24"),
    ({"publication_date": "2022-03-24"}, "published", "2022-03-24"),
    ({"datetime": "2022-03-24 08:00"}, "published", "2022-03-24"),
    ({"date": "not a date"}, "published", None),
    ({"link": "https://x.org/a"}, "url", "https://x.org/a"),
    ({"link": "https://www.x.org/a"}, "source", "x.org"),
    ({"url": "https://www.president.gov.ua/news/1"}, "source", "president.gov.ua"),
    ({"url": "not a url"}, "source", None),
    ({}, "source", None),
    ({"publisher": "P", "url": "https://x.org"}, "source", "P"),
    ({"outlet": "O"}, "source", "O"),
    ({"domain": "d.com"}, "source", "d.com"),
    ({"source": {"id": None, "name": "BBC News"}}, "source", "BBC News"),  # NewsAPI
    ({"byline": "By A"}, "author", "By A"),
    ({"authors": ["A", "B"]}, "author", "A, B"),
    ({"authors": [{"name": "A"}, {"name": "B"}]}, "author", "A, B"),
    ({"id": 12}, "id", "12"),
    ({"ID": "k"}, "id", "k"),
]


@pytest.mark.parametrize(("fields", "field", "expected"), ALIAS_CASES)
def test_aliases(fields: dict, field: str, expected: object) -> None:
    record = dict(fields)
    if field != "text":
        record.setdefault("text", "Body.")
    article = only_article(read_upload("a.json", json.dumps(record).encode()))
    assert getattr(article, field) == expected


def test_missing_id_gives_a_stable_content_id() -> None:
    first = only_article(read_upload("a.json", b'{"text": "Same text."}'))
    second = only_article(read_upload("b.jsonl", b'{"text": "Same  text.\\n", "title": "x"}\n'))
    assert first.id == second.id == content_hash("Same text.")[:16]


# --- dates ------------------------------------------------------------------------------------

DATE_CASES = [
    ("2022-05-17", "2022-05-17"),
    ("2022-05-17T10:20:30", "2022-05-17"),
    ("2022-05-17T10:20:30.123+03:00", "2022-05-17"),
    ("2022-05-17T23:30:00-04:00", "2022-05-17"),  # the date as written, no time-zone shift
    ("2022-05-17T24:00:00", "2022-05-17"),  # hour 24: that day, no roll-over
    ("2022-03-11T24:04:30", "2022-03-11"),
    ("2022-05-17 09:00", "2022-05-17"),
    ("20220517", "2022-05-17"),
    ("2022/05/17", "2022-05-17"),
    ("Thu, 24 Mar 2022 10:00:00 +0100", "2022-03-24"),  # RFC 2822
    ("24 Mar 22 10:00 GMT", "2022-03-24"),
    ("March 24, 2022", "2022-03-24"),
    ("Thursday, March 24, 2022 - 10:00", "2022-03-24"),
    ("24 March 2022", "2022-03-24"),
    ("Sept. 3, 2021", "2021-09-03"),
    ("3rd of March 2022", "2022-03-03"),
    ("24/03/2022", "2022-03-24"),  # day first, unambiguous
    ("03/24/2022", "2022-03-24"),  # month first, unambiguous
    ("03/04/2022", None),  # ambiguous: no guess
    ("2022-05", None),  # not a day
    ("May 2022", None),
    ("2022-02-30", None),
    ("yesterday", None),
    ("", None),
    (None, None),
    (1648116000, "2022-03-24"),  # epoch seconds
    (1648116000000, "2022-03-24"),  # epoch milliseconds
    (20220324, "2022-03-24"),
    (float("nan"), None),
    (["2022-05-17"], None),
]


@pytest.mark.parametrize(("value", "expected"), DATE_CASES)
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected


# --- encodings --------------------------------------------------------------------------------

ENCODING_CASES = [
    ("utf-8", "Café — naïve “quotes”".encode()),
    ("utf-8 BOM", b"\xef\xbb\xbf" + "Café — naïve".encode()),
    ("utf-16 LE BOM", "Café — naïve".encode("utf-16")),
    ("utf-16 BE BOM", b"\xfe\xff" + "Café — naïve".encode("utf-16-be")),
    ("utf-16 LE no BOM", "Café, plain enough text".encode("utf-16-le")),
    ("utf-32 BOM", "Café".encode("utf-32")),
    ("latin-1", "Café naïve à la carte".encode("latin-1")),
    ("cp1252", "Café “quoted” — dash €".encode("cp1252")),
]


@pytest.mark.parametrize(("label", "data"), ENCODING_CASES, ids=[c[0] for c in ENCODING_CASES])
def test_encodings(tmp_path: Path, label: str, data: bytes) -> None:
    article = only_article(read_paths([write(tmp_path, "a.txt", data)]))
    assert article.text.startswith("Café")
    assert "\ufeff" not in article.text and "\x00" not in article.text
    if label == "cp1252":
        assert article.text == "Café “quoted” — dash €"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.jsonl", b'{"text": "Caf\xe9 latin-1 line"}\n{"text": "Caf\xc3\xa9 utf-8 line"}\n'),
        ("a.csv", b"text\nCaf\xe9 latin-1 row\nCaf\xc3\xa9 utf-8 row\n"),
        ("a.csv", "text\nCafé row one\nCafé row two\n".encode("utf-16")),
        ("a.jsonl", '{"text": "Café row one"}\n{"text": "Café row two"}\n'.encode("utf-16")),
    ],
)
def test_line_formats_decode_each_line(name: str, data: bytes) -> None:
    result = read_upload(name, data)
    assert result.problems == []
    assert [a.text.split()[0] for a in result.articles] == ["Café", "Café"]


def test_nul_and_crlf_are_cleaned(tmp_path: Path) -> None:
    data = b"Title\r\n" + b"x" * 2000 + b"\x00 after NUL\rold mac line"
    article = only_article(read_paths([write(tmp_path, "a.txt", data)]))
    assert "\x00" not in article.text and "\r" not in article.text
    assert article.text.endswith(" after NUL\nold mac line")


# --- problems ---------------------------------------------------------------------------------

PROBLEM_CASES = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n\t ", "no text"),
    ("empty.json", b"", "empty file"),
    ("empty.jsonl", b"\n\n", "empty file"),
    ("empty.csv", b"", "empty file"),
    ("empty.html", b"", "empty file"),
    ("binary.txt", bytes(range(256)) * 8, "binary file, not text"),
    ("png.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500), "binary file, not text"),
    ("controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 50, "binary file, not text"),
    ("binary.jsonl", b"\x00\x01\x02" * 100, "binary file, not text"),
    ("binary.csv", b"\x00\x01\x02" * 100, "binary file, not text"),
    ("bad.json", b'{"text": "a",,}', "invalid JSON (Expecting property name"),
    ("scalar.json", b"42", "expected an object or a list of objects"),
    ("emptylist.json", b"[]", "no articles"),
    ("notext.json", b'{"title": "T"}', "no text field (expected one of text/body/content"),
    ("blanktext.json", b'{"text": "   "}', "no text"),
    ("objtext.json", b'{"text": {"foo": 1}}', "no text"),
    ("notext.csv", b"title,date\nT,2022-01-01\n", "no text column (expected one of text/body"),
    (
        "scripts.html",
        b"<html><head><script>var a=1;</script></head><body><script>x()</script></body></html>",
        "no article text found",
    ),
    ("notfeed.xml", b"<?xml version='1.0'?><catalog><book/></catalog>", "not an RSS/Atom feed"),
    ("broken.rss", b"this is not xml at all", "not a readable RSS/Atom feed"),
    ("nofeedentries.rss", b"<rss><channel><title>T</title></channel></rss>", "feed has no entries"),
    ("doc.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
    ("noext", b"text", "unsupported file type (no extension)"),
]


@pytest.mark.parametrize(
    ("name", "data", "reason"), PROBLEM_CASES, ids=[c[0] for c in PROBLEM_CASES]
)
def test_bad_files_are_problems_not_errors(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = write(tmp_path, name, data)
    problem = only_problem(read_paths([path]))
    assert reason in problem.reason
    assert problem.source == str(path)
    assert only_problem(read_upload(name, data)).reason == problem.reason


def test_malformed_json_lines_among_good_ones(tmp_path: Path) -> None:
    lines = [
        '{"id": "a", "text": "First."}',
        "",
        '{"id": "b", "text": "Second." "oops"}',
        '["not", "an", "object"]',
        '{"id": "c", "title": "no text"}',
        '{"id": "d", "text": ""}',
        '{"id": "e", "body": "Fifth, via an alias."}',
        "{truncated",
    ]
    path = write(tmp_path, "mixed.jsonl", "\n".join(lines))
    result = read_paths([path])
    assert [a.id for a in result.articles] == ["a", "e"]
    assert [a.origin for a in result.articles] == [f"{path}:line 1", f"{path}:line 7"]
    problems = {p.source.rsplit(":", 1)[1]: p.reason for p in result.problems}
    assert problems["line 3"].startswith("invalid JSON (Expecting ',' delimiter at column")
    assert problems["line 4"] == "not an object (got a list)"
    assert problems["line 5"].startswith("no text field (expected one of text/body/content")
    assert problems["line 6"] == "no text"
    assert problems["line 8"].startswith("invalid JSON")
    assert len(result.problems) == 5


def test_json_list_entries(tmp_path: Path) -> None:
    data = json.dumps([{"text": "One."}, "junk", {"headline": "no text"}, {"content": "Four."}])
    path = write(tmp_path, "list.json", data)
    result = read_paths([path])
    assert [a.text for a in result.articles] == ["One.", "Four."]
    assert [a.origin for a in result.articles] == [f"{path}#entry 1", f"{path}#entry 4"]
    assert [p.source for p in result.problems] == [f"{path}#entry 2", f"{path}#entry 3"]


@pytest.mark.parametrize("key", ["articles", "items", "data"])
def test_json_wrapper_object(key: str) -> None:
    data = json.dumps({"status": "ok", key: [{"text": "One."}, {"text": "Two."}]}).encode()
    assert [a.text for a in read_upload("w.json", data).articles] == ["One.", "Two."]


def test_json_file_holding_json_lines() -> None:
    result = read_upload("a.json", b'{"text": "One."}\n{"text": "Two."}\n')
    assert [a.text for a in result.articles] == ["One.", "Two."]


def test_csv_quoted_newlines_and_ragged_rows(tmp_path: Path) -> None:
    content = (
        "id,title,text,date\r\n"
        '1,"Quoted, title","Line one\r\nline two\r\n\r\nline four",2022-03-24\r\n'
        "2,Short row,Only three cells\r\n"  # missing date column
        "3,Long row,Text,2022-01-02,extra,cells\r\n"  # extra cells ignored
        ",,,\r\n"  # blank row skipped
        "4,No text,,2022-01-03\r\n"
        '5,"He said ""hi""","Text with ""quotes"" inside",March 24 2022\r\n'
    )
    path = write(tmp_path, "a.csv", content)
    result = read_paths([path])
    by_id = {a.id: a for a in result.articles}
    assert list(by_id) == ["1", "2", "3", "5"]
    assert by_id["1"].title == "Quoted, title"
    assert by_id["1"].text == "Line one\nline two\n\nline four"
    assert by_id["2"].published is None
    assert by_id["3"].published == "2022-01-02"
    assert by_id["5"].title == 'He said "hi"' and by_id["5"].text == 'Text with "quotes" inside'
    assert by_id["5"].published == "2022-03-24"
    # origins name the physical line each row starts on
    assert [a.origin for a in result.articles] == [f"{path}:line {n}" for n in (2, 6, 7, 10)]
    assert result.problems == [IngestProblem(f"{path}:line 9", "no text")]


@pytest.mark.parametrize(
    ("content", "delimiter_name"),
    [
        ("title;text\nT;Body, with comma\n", "semicolon"),
        ("sep=;\ntitle;text\nT;Body, with comma\n", "Excel sep hint"),
        ("title|text\nT|Body, with comma\n", "pipe"),
        ('"Title","Body"\n"T","Body, with comma"\n', "comma, header case"),
    ],
)
def test_csv_delimiters(content: str, delimiter_name: str) -> None:
    article = only_article(read_upload("a.csv", content.encode()))
    assert (article.title, article.text) == ("T", "Body, with comma")


def test_csv_old_mac_line_ends() -> None:
    result = read_upload("a.csv", b'title,text\rT,Body one\rU,"quoted\rnewline"\r')
    assert [(a.title, a.text, a.origin) for a in result.articles] == [
        ("T", "Body one", "a.csv:line 2"),
        ("U", "quoted\nnewline", "a.csv:line 3"),
    ]


def test_csv_unclosed_quote_leaves_the_row_without_text() -> None:
    result = read_upload("a.csv", b'title,text\n"unterminated,x\n')
    assert result.problems == [IngestProblem("a.csv:line 2", "no text")]


def test_csv_with_huge_field() -> None:
    text = "word " * 60_000  # 300 KB: more than the csv module's default field limit
    article = only_article(read_upload("a.csv", f'text\n"{text}"\n'.encode()))
    assert article.text == text


def test_rss_with_a_broken_entry(tmp_path: Path) -> None:
    feed = RSS.replace(
        "</channel>",
        "<item><title>Nothing in it</title><link>https://example.com/b</link></item>"
        "<item><title>Third</title><description>Plain summary.</description>"
        "<pubDate>garbage</pubDate></item></channel>",
    )
    path = write(tmp_path, "feed.rss", feed)
    result = read_paths([path])
    assert [a.title for a in result.articles] == ["First & best", "Third"]
    third = result.articles[1]
    assert (third.published, third.source, third.origin) == (
        None,
        "Example News",
        f"{path}#entry 3",
    )
    assert result.problems == [
        IngestProblem(f"{path}#entry 2", "no text (the entry has neither content nor summary)")
    ]


def test_feed_date_is_the_publishers_day_not_utc() -> None:
    # 23:30 at UTC-5 is the next day in UTC; the date as written is kept.
    article = only_article(read_upload("a.rss", RSS.encode()))
    assert article.published == "2022-03-24"


def test_feed_bytes_are_never_taken_for_a_path(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.rss", RSS)
    assert read_upload("x.rss", str(secret).encode()).articles == []


# --- folders ----------------------------------------------------------------------------------


def test_folder_walk_is_recursive_sorted_and_skips_notes(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "B")
    write(tmp_path, "a.txt", "A")
    write(tmp_path, "sub/c.md", "C")
    write(tmp_path, "sub/deeper/d.txt", "D")
    write(tmp_path, ".hidden.txt", "hidden")
    write(tmp_path, ".git/e.txt", "in a hidden folder")
    for note in ("LICENSE", "LICENSE-CC0", "README.md", "readme.txt", "SOURCE.md", "COPYING"):
        write(tmp_path, f"sub/{note}", "not an article")
    write(tmp_path, "sub/notes.docx", b"PK\x03\x04")
    result = read_paths([tmp_path])
    assert [a.text for a in result.articles] == ["A", "B", "C", "D"]
    assert result.problems == [
        IngestProblem(
            str(tmp_path / "sub" / "notes.docx"),
            "unsupported file type .docx; supported: " + " ".join(SUPPORTED_EXTENSIONS),
        )
    ]


def test_note_file_given_explicitly_is_read(tmp_path: Path) -> None:
    assert only_article(read_paths([write(tmp_path, "README.md", "# Read me")])).title == "Read me"


def test_non_ascii_file_names_with_spaces(tmp_path: Path) -> None:
    path = write(tmp_path, "Новини дня/звернення № 1.txt", "Заголовок\nТекст.")
    article = only_article(read_paths([tmp_path]))
    assert article.title == "Заголовок" and article.origin == str(path)


def test_undecodable_file_name_still_gives_a_text_origin(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")  # not UTF-8: Linux allows it
    try:
        (tmp_path / name).write_bytes(b"Text.")
    except (OSError, UnicodeEncodeError):
        pytest.skip("file system refuses non-UTF-8 names")
    article = only_article(read_paths([tmp_path]))
    assert article.origin is not None
    article.origin.encode("utf-8")  # no lone surrogates


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loop_ends(tmp_path: Path) -> None:
    write(tmp_path, "root/a.txt", "A")
    (tmp_path / "root" / "loop").symlink_to(tmp_path / "root", target_is_directory=True)
    (tmp_path / "root" / "sub").mkdir()
    (tmp_path / "root" / "sub" / "up").symlink_to(tmp_path / "root", target_is_directory=True)
    (tmp_path / "root" / "same.txt").symlink_to(tmp_path / "root" / "a.txt")
    (tmp_path / "root" / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    result = read_paths([tmp_path / "root", tmp_path / "root" / "a.txt"])
    assert [a.text for a in result.articles] == ["A"]
    assert result.problems == [
        IngestProblem(str(tmp_path / "root" / "dangling.txt"), "broken link")
    ]


def test_missing_path_and_explicit_unsupported_file(tmp_path: Path) -> None:
    pdf = write(tmp_path, "x.pdf", b"%PDF")
    result = read_paths([tmp_path / "missing.txt", pdf])
    assert [p.reason.split(";")[0] for p in result.problems] == [
        "no such file or folder",
        "unsupported file type .pdf",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert only_problem(read_paths([tmp_path])).reason == "not a regular file"


def test_iter_paths_streams_in_order(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "A")
    write(tmp_path, "b.jsonl", '{"text": "B1"}\n{"text": "B2"}\nnot json\n')
    stream = iter_paths([tmp_path])
    assert next(stream).text == "A"
    assert [type(item).__name__ for item in stream] == ["Article", "Article", "IngestProblem"]


def test_big_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_sources, "MAX_FILE_BYTES", 100)
    path = write(tmp_path, "big.txt", "x" * 101)
    assert only_problem(read_paths([path])).reason == "file too large (101 bytes; limit 100 bytes)"
    assert "file too large" in only_problem(read_upload("big.txt", b"x" * 101)).reason


def test_max_chars_refuses_absurd_documents_but_does_not_cut(tmp_path: Path) -> None:
    write(tmp_path, "short.txt", "x" * 10)
    write(tmp_path, "long.txt", "y" * 11)
    write(tmp_path, "huge.txt", "z" * 100)  # refused from its size alone
    write(tmp_path, "rows.jsonl", '{"text": "short"}\n{"text": "much too long"}\n')
    result = read_paths([tmp_path], max_chars=10)
    assert [a.text for a in result.articles] == ["short", "x" * 10]
    assert [p.reason.split(" (")[0] for p in result.problems] == ["text too long"] * 3
    assert all(len(a.text) == 10 or a.text == "short" for a in result.articles)


# --- the embedded corpus ----------------------------------------------------------------------


def test_embedded_corpus() -> None:
    result = read_paths([CORPUS])
    assert result.problems == []
    assert len(result.articles) == 181
    seed = result.articles[0]
    assert seed.title == SEED_TITLE
    assert seed.text.startswith(SEED_TITLE)  # the title line stays in the text
    assert seed.published is None
    assert len({a.id for a in result.articles}) == 181
    addresses = result.articles[1:]
    assert all(a.published and a.title and a.url and a.source for a in addresses)
    by_id = {a.id: a for a in addresses}
    assert by_id["HKFB5PFN2Wg"].published == "2022-05-17"
    published = sorted(a.published for a in addresses)
    assert (published[0], published[-1]) == ("2022-02-23", "2022-05-17")
    # the two "hour 24" timestamps keep their written day
    hour_24 = [a for a in addresses if a.origin and a.origin.endswith(("line 97", "line 180"))]
    assert [a.published for a in hour_24] == ["2022-03-11", "2022-03-14"]


def test_reading_is_deterministic() -> None:
    first, second = read_paths([CORPUS]), read_paths([CORPUS])
    assert first == second


# --- ids, hashes, pasted text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("One two three.", "One  two\nthree.\n"),
        ("One two three.", "\tOne two three.  "),
        ("Line one\nLine two", "Line one\r\nLine two"),
        ("Café", "Cafe\u0301"),  # composed vs decomposed
    ],
)
def test_content_hash_ignores_whitespace_and_composition(a: str, b: str) -> None:
    assert content_hash(a) == content_hash(b)
    assert len(content_hash(a)) == 64


def test_content_hash_tells_texts_apart() -> None:
    assert content_hash("One two") != content_hash("One  three")
    assert content_hash("onetwo") != content_hash("one two")


def test_same_text_in_two_files_has_one_id(tmp_path: Path) -> None:
    result = read_paths([write(tmp_path, "a.txt", "Same.\n"), write(tmp_path, "b.md", "Same.")])
    assert result.articles[0].id == result.articles[1].id


def test_article_from_text() -> None:
    article = article_from_text(
        "  Headline\r\nBody\x00.", source=" Outlet ", published="March 24, 2022"
    )
    assert article == Article(
        id=content_hash("Headline\nBody.")[:16],
        text="  Headline\nBody.",
        title="Headline",
        published="2022-03-24",
        source="Outlet",
        origin="pasted text",
    )
    assert article_from_text("Body", title="Given").title == "Given"


def test_article_from_empty_text_raises() -> None:
    with pytest.raises(ValueError, match="no text"):
        article_from_text(" \n\x00 ")
