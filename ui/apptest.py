"""Running the dashboard under Streamlit's AppTest as a server runs it (tests, benchmarks)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.runtime.pages_manager import PagesManager


def run_as_server() -> Callable[[], None]:
    """Make AppTest runs behave as a server's runs after its first one; returns the undo.

    AppTest puts Streamlit back into its old pages/-folder mode before every run; the app
    leaves it with a rerun (ui/page.py), which is right once per server but drops the button
    clicks AppTest sends with a run. The server's very first run is covered in the browser.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init

    def undo() -> None:
        PagesManager.__init__ = original

    return undo
