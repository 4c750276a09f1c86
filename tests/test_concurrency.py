"""Twenty sessions at once (issue 6): no error, no state leaking between sessions, bounded memory.

Each thread drives its own AppTest session of the dashboard over one shared tiny store (the
cached Store and query results are shared by all sessions, as on a real server). Every
session has its own pair of filters (actor, source, actor type), switches between them and
between pages for NEWSLENS_CONCURRENCY_SECONDS (default 30; 60 for the issue's minute), and
after every run checks that what it sees is its own filter: the sidebar's values, the
"Filtered by ..." caption, and on the Overview the number of articles. The process's
resident memory (/proc/self/status) is printed before and after, with run times.

    .venv/bin/python -m pytest -q -s tests/test_concurrency.py
    NEWSLENS_CONCURRENCY_SECONDS=60 .venv/bin/python -m pytest -q -s tests/test_concurrency.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import product

import pytest
from streamlit.testing.v1 import AppTest

from newslens import queries
from newslens.queries import Filters
from tests.conftest import ROOT

SESSIONS = 20
SECONDS = float(os.environ.get("NEWSLENS_CONCURRENCY_SECONDS", "30"))
PAGES = ["pages/overview.py", "pages/map.py", "pages/timeline.py", "pages/quotes.py",
         "pages/actors.py", "pages/articles.py", "pages/add_articles.py"]
ACTORS = {"jens-stoltenberg": "Jens Stoltenberg", "joe-biden": "Joe Biden",
          "vladimir-putin": "Vladimir Putin", "nato": "NATO"}
SOURCES = [None, "paper-a", "paper-b"]
TYPES = [None, "PERSON"]


@dataclass(frozen=True)
class Choice:
    actor: str
    source: str | None
    type: str | None

    @property
    def filters(self) -> Filters:
        return Filters(actors=(self.actor,), sources=(self.source,) if self.source else (),
                       types=(self.type,) if self.type else ())

    @property
    def caption(self) -> str:
        """The header's caption for this filter (ui.filters.describe)."""
        parts = [f"actor {ACTORS[self.actor]}"]
        if self.source:
            parts.append(f"source {self.source}")
        if self.type:
            parts.append(f"types {self.type}")
        return f"Filtered by {'; '.join(parts)}."


CHOICES = [Choice(a, s, t) for a, s, t in product(ACTORS, SOURCES, TYPES)]  # 24, all distinct


def _rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB, from /proc/self/status."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in {"VmRSS", "VmHWM"}:
                fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def _set(at: AppTest, choice: Choice) -> None:
    at.multiselect(key="actor").set_value([choice.actor])
    at.multiselect(key="source").set_value([choice.source] if choice.source else [])
    at.multiselect(key="type").set_value([choice.type] if choice.type else [])


def _check(at: AppTest, choice: Choice, page: str, expected_articles: int) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="actor").value == [choice.actor]
    assert at.multiselect(key="source").value == ([choice.source] if choice.source else [])
    assert at.multiselect(key="type").value == ([choice.type] if choice.type else [])
    shown = [c.value for c in at.caption if c.value.startswith("Filtered by ")]
    assert shown == [choice.caption], (shown, choice.caption)
    if page == "pages/overview.py":
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Articles"] == str(expected_articles)


def _session(at: AppTest, number: int, pairs: list[tuple[Choice, Choice]],
             expected: dict[Choice, int], deadline: float, first: list[float],
             times: list[float], errors: list[str]):
    rng = random.Random(number)
    mine = pairs[number]
    try:
        t0 = time.monotonic()
        at.run()
        choice = mine[0]
        _set(at, choice)
        at.run()
        first.append(time.monotonic() - t0)
        _check(at, choice, "pages/overview.py", expected[choice])
        runs = 0
        while time.monotonic() < deadline:
            page = rng.choice(PAGES)
            t0 = time.monotonic()
            if runs % 4 == 3:  # now and then change to the session's other filter
                choice = mine[1] if choice == mine[0] else mine[0]
                _set(at, choice)
                at.run()
            at.switch_page(page).run()
            times.append(time.monotonic() - t0)
            _check(at, choice, page, expected[choice])
            runs += 1
    except BaseException as error:  # noqa: BLE001 - reported by the main thread
        errors.append(f"session {number}: {type(error).__name__}: {error}"[:2000])


@pytest.fixture
def one_runtime(monkeypatch):
    """Let AppTest sessions run side by side in threads, as sessions of one server do.

    AppTest is made for one session at a time: each run installs its own mock Runtime as the
    process's singleton and removes it at the end, patches Streamlit's config getter for the
    run, and compiles the script with a script cache of its own (CPython 3.11's ast.parse is
    not safe in concurrent threads: "AST constructor recursion depth mismatch"). Threads
    would tear these down under each other's feet. Here, as in a server, every session sees
    one runtime (the first installed: one cache, one media store) and one script cache,
    which compiles under its lock; the config patch is made once for the whole test.
    """
    from streamlit import config
    from streamlit.runtime import Runtime
    from streamlit.testing.v1 import app_test, local_script_runner
    from streamlit.testing.v1.util import patch_config_options

    shared: list = []
    lock = threading.Lock()

    def instance(cls):
        with lock:
            if not shared and cls._instance is not None:
                shared.append(cls._instance)
            if not shared:
                raise RuntimeError("Runtime hasn't been created!")
            return shared[0]

    monkeypatch.setattr(Runtime, "instance", classmethod(instance))
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: bool(shared) or
                                                       cls._instance is not None))
    monkeypatch.setattr(app_test, "patch_config_options", lambda overrides: nullcontext())
    script_cache = app_test.ScriptCache()
    monkeypatch.setattr(app_test, "ScriptCache", lambda: script_cache)
    monkeypatch.setattr(local_script_runner, "ScriptCache", lambda: script_cache)
    original_get_option = config.get_option
    with patch_config_options({"global.appTest": True}):
        yield
    assert config.get_option is original_get_option


def test_twenty_sessions_at_once(tiny_store, monkeypatch, navigation_mode, one_runtime):
    expected = {c: queries.key_numbers(tiny_store, c.filters)["articles"] for c in CHOICES}
    monkeypatch.setenv("NEWSLENS_DB", str(tiny_store.path))
    tiny_store.close()
    rng = random.Random(6)
    order = rng.sample(CHOICES, len(CHOICES))
    pairs = [(order[i], order[(i + SESSIONS) % len(CHOICES)]) for i in range(SESSIONS)]
    assert len({p[0] for p in pairs}) == SESSIONS  # every session starts on its own filter

    before = _rss_mb()
    first: list[float] = []
    times: list[float] = []
    errors: list[str] = []
    apps = [AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
            for _ in range(SESSIONS)]
    deadline = time.monotonic() + SECONDS
    threads = [threading.Thread(target=_session, daemon=True, args=(
                   apps[i], i, pairs, expected, deadline, first, times, errors))
               for i in range(SESSIONS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 600)
    elapsed = time.monotonic() - began
    after = _rss_mb()

    assert not any(thread.is_alive() for thread in threads), "a session hangs"
    assert not errors, "\n".join(errors)
    runs = len(times)
    ordered = sorted(times)
    print(
        f"\n{SESSIONS} sessions for {elapsed:.0f} s: first view (all at once, cold caches) "
        f"median {statistics.median(first):.1f} s, max {max(first):.1f} s; then {runs} page "
        f"runs ({runs / elapsed:.1f}/s), median {statistics.median(ordered):.2f} s, "
        f"p95 {ordered[int(0.95 * (runs - 1))]:.2f} s, max {ordered[-1]:.2f} s; "
        f"RSS before {before[0]:.0f} MB, after {after[0]:.0f} MB, peak {after[1]:.0f} MB",
        file=sys.stderr,
    )
    assert runs >= SESSIONS
    # bounded: 20 sessions of a tiny store must not cost more than a few hundred MB
    assert after[0] - before[0] < 600, (before, after)


@pytest.mark.parametrize("choice", CHOICES[:1])
def test_the_choices_tell_sessions_apart(tiny_store, choice):
    """The filters differ in what they show, so a leak would be seen."""
    counts = {c: queries.key_numbers(tiny_store, c.filters)["articles"] for c in CHOICES}
    assert len(set(counts.values())) > 1
    assert len({c.caption for c in CHOICES}) == len(CHOICES)
