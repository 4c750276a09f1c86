"""Browser tests: Debian's Chromium, driven by Playwright, against `streamlit run` on a free port.

Every server is started on a freshly copied store, so each test module sees the server's very
first run (Streamlit's old pages/ mode is switched off by that run, ui/page.py). Every request
that does not go to the local server is blocked: what the pages draw, they draw offline.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, SEED_PATH

CHROMIUM = os.environ.get("NEWSLENS_CHROMIUM", "/usr/bin/chromium")
# Offline by construction: every request but to this machine goes to a proxy on a closed local
# port and fails. (Playwright's request routing would block it too, but routing turns the
# browser's HTTP cache off, so every page load would fetch Streamlit's scripts anew, which no
# user's browser does.)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--proxy-server=http://127.0.0.1:9",
                 "--proxy-bypass-list=127.0.0.1;localhost"]
LOCAL_HOSTS = ("127.0.0.1", "localhost")
SCREENSHOTS = ROOT / "screenshots"
WIDE = {"width": 1440, "height": 900}
NARROW = {"width": 390, "height": 844}

# Written into the hostile article; any of them running would open a dialog.
HOSTILE_TITLE = "<script>alert(1)</script> Breaking: <img src=x onerror=alert(2)> in Warsaw"
HOSTILE_TEXT = HOSTILE_TITLE + """

Mallory <script>alert(3)</script> Quinn arrived in Warsaw on 26 March 2022. "<script>alert(4)</script> We will <img src=x onerror=alert(5)> never give up," said Mallory Quinn. Read more at <a href="javascript:alert(6)">this link</a> and [click here](javascript:alert(7)).

"We are ready," said the <script>alert(8)</script> spokesman in Kyiv. Ivan Petrov met Mallory Quinn in Warsaw. "Freedom is <b>not</b> negotiable," Petrov said.
"""
# Metadata the .txt reader cannot carry: author, source and a javascript: link.
HOSTILE_META = {
    "id": "hostile-meta", "title": "Hostile metadata", "published": "2022-03-27",
    "text": "Mallory Quinn spoke again in Gdansk. \"We will rebuild,\" Mallory Quinn said.",
    "author": "<img src=x onerror=alert(9)> Eve <script>alert(10)</script>",
    "source": "<img src=x onerror=alert(11)>news",
    "url": "javascript:alert(12)",
}
# An actor whose canonical name is markup (through the alias table a user may edit).
HOSTILE_ACTOR = "Ivan <img src=x onerror=alert(13)> Petrov"

ARTICLES = {
    "leaders.txt": """Zelensky thanks Poland

Kyiv, 25 March 2022. Volodymyr Zelensky spoke with Andrzej Duda about refugees arriving in Rzeszow and Warsaw. "Poland has opened its heart to our people," Zelensky said. Duda promised more help for Lviv.
""",
    "putin.txt": """Putin speaks in Moscow

Moscow, 24 March 2022. Vladimir Putin addressed a crowd in Moscow. "Nothing will stop us," Putin said. Emmanuel Macron called him from Paris and urged a ceasefire. "We must talk," Macron said later in Paris.
""",
}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_small_corpus(folder: Path) -> Path:
    import json

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED_PATH, folder / SEED_PATH.name)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (folder / "hostile_meta.jsonl").write_text(json.dumps(HOSTILE_META) + "\n", encoding="utf-8")
    return folder


def build_store(corpus: Path, db: Path) -> Path:
    from newslens.build import build_from_paths
    from newslens.extract import Extractor, load_nlp
    from newslens.extract.aliases import AliasTable
    from newslens.store import Store

    aliases = AliasTable.default()
    aliases.add("Ivan Petrov", HOSTILE_ACTOR, "PERSON")
    aliases.add("Petrov", HOSTILE_ACTOR, "PERSON")
    store = Store(db)
    try:
        report = build_from_paths([corpus], store, Extractor(load_nlp("en_core_web_md"), aliases=aliases))
    finally:
        store.close()
    assert report.added == len(ARTICLES) + 3 and not report.problems, report
    return db


def start_server(db: Path, workdir: Path, *, secrets_toml: str = "", port: int | None = None,
                 env: dict[str, str] | None = None) -> Server:
    """`streamlit run dashboard.py` on `port` (a free one by default), reading only the secrets
    given here: none by default, so a developer's .streamlit/secrets.toml gates no test.
    `env` adds settings (NEWSLENS_*) to the server's environment."""
    port = port or _free_port()
    log = workdir / f"streamlit-{port}.log"
    env = {**os.environ, "NEWSLENS_DB": str(db), "NEWSLENS_CORPUS": str(workdir / "no-corpus"),
           **(env or {})}
    secrets = workdir / "secrets.toml"
    secrets.write_text(secrets_toml, encoding="utf-8")
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
         "--server.runOnSave", "false", "--secrets.files", str(secrets)],
        cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return Server(url, process, log)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"streamlit did not answer on {url}: {log.read_text()[-3000:]}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def small_store(tmp_path_factory) -> Path:
    """The small store, built once; servers get copies of it."""
    folder = tmp_path_factory.mktemp("e2e_store")
    return build_store(write_small_corpus(folder / "corpus"), folder / "small.duckdb")


def _server_on_copy(store: Path, tmp_path_factory, name: str) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp(name)
    db = workdir / "store.duckdb"
    shutil.copy(store, db)
    server = start_server(db, workdir)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def expected(small_store):
    """Run a newslens.queries function on the small store as built (no server writes to it)."""
    from newslens import queries
    from newslens.store import Store

    def run(name: str, *args, **kwargs):
        store = Store(small_store)
        try:
            return getattr(queries, name)(store, *args, **kwargs)
        finally:
            store.close()

    return run


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """The store of the default corpus (data/corpus), as `python -m newslens build` makes it.

    Built once per run (about a minute and a half on two cores); NEWSLENS_E2E_CORPUS_DB names
    an existing build to copy instead.
    """
    folder = tmp_path_factory.mktemp("e2e_corpus")
    db = folder / "corpus.duckdb"
    given = os.environ.get("NEWSLENS_E2E_CORPUS_DB")
    if given and Path(given).is_file():
        shutil.copy(given, db)
        return db
    from newslens.build import build_from_paths
    from newslens.config import load_settings
    from newslens.extract import Extractor
    from newslens.store import Store

    settings = load_settings()
    store = Store(db)
    try:
        build_from_paths([ROOT / "data" / "corpus"], store, Extractor.from_settings(settings))
    finally:
        store.close()
    return db


@pytest.fixture(scope="module")
def server(small_store, tmp_path_factory) -> Iterator[Server]:
    """A server started for this module on its own copy of the small store."""
    yield from _server_on_copy(small_store, tmp_path_factory, "server")


@pytest.fixture
def fresh_server(small_store, tmp_path_factory) -> Iterator[Server]:
    """A server no browser has visited yet (its first run), on its own copy of the store."""
    yield from _server_on_copy(small_store, tmp_path_factory, "fresh")


# --- the browser ---------------------------------------------------------------------------

# Streamlit's frontend probes these two paths under a page's sub-path (/map/_stcore/health)
# on the first load of that sub-path and gets 404s from the server: its own probes, not ours.
_STREAMLIT_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[^/?#]+/_stcore/(health|host-config)$")

# plotly's geo code, still drawing a map whose chart Streamlit has just removed (a page
# switch or a rerun mid-draw), reads the removed chart's settings: a race inside plotly
# (reflex-dev/reflex#6003 reports the same with a plotly geo map), harmless to the user.
# Exactly this message is let through; any other page error fails the test.
_PLOTLY_REMOVED_CHART = "Cannot read properties of undefined (reading '_scrollZoom')"


@dataclass
class Tab:
    """A page with what it saw: console errors, requests to the web (all fail), dialogs opened."""

    page: object
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        assert not self.blocked, f"requests to the web: {self.blocked}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_tab(browser, viewport=WIDE, **context_args) -> tuple[object, Tab]:
    context = browser.new_context(viewport=viewport, **context_args)
    context.set_default_timeout(20_000)
    page = context.new_page()
    tab = Tab(page)

    def request(request):
        # data: and blob: URLs have no host and never leave the browser
        if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and \
                urlsplit(request.url).hostname not in LOCAL_HOSTS:
            tab.blocked.append(request.url)  # it fails at the dead proxy; the test fails on it

    def console(message):
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        if "status of 404" in message.text and _STREAMLIT_PROBE.match(where):
            return
        tab.errors.append(f"{message.text} at {where}")

    def dialog(dialog):
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.on("request", request)
    page.on("console", console)
    def page_error(error):
        if str(error) == _PLOTLY_REMOVED_CHART:
            return
        tab.errors.append(f"page error: {error} on {page.url}: {(error.stack or '')[:600]}")

    page.on("pageerror", page_error)
    page.on("dialog", dialog)
    return context, tab


@pytest.fixture
def tab(browser) -> Iterator[Tab]:
    context, tab = open_tab(browser)
    yield tab
    context.close()
    assert not tab.dialogs, f"a dialog opened: {tab.dialogs}"
