"""The dashboard server's memory with 1 and with N browser sessions open.

    python bench/server_memory.py --db /tmp/nlbench/store_100000.duckdb [--sessions 20]

Starts `streamlit run dashboard.py` on a free localhost port with NEWSLENS_DB=--db, opens
sessions one by one in headless Chromium (each its own browser context, so its own
websocket session; session k opens page k mod 7 so every page's queries run), waits until
each session's script has finished, and reads the server's resident memory (VmRSS, and the
peak VmHWM) from /proc. Only localhost traffic; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
PAGES = ["overview", "map", "timeline", "quotes", "actors", "articles", "add_articles"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of the process and its children, in MB."""
    rss = hwm = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss += int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                hwm += int(line.split()[1]) / 1024
    return rss, hwm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=300, help="seconds per session")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "NEWSLENS_DB": args.db}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.5)
        rss, _ = memory_mb(server.pid)
        load = os.getloadavg()
        print(f"server on port {port}, store {args.db}; load average {load[0]:.2f}")
        print(f"  started, no session: RSS {rss:,.0f} MB")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            contexts = []
            for number in range(args.sessions):
                context = browser.new_context()
                page = context.new_page()
                start = time.perf_counter()
                page.goto(f"{base}/{PAGES[number % len(PAGES)]}", timeout=args.timeout * 1000)
                page.wait_for_selector('[data-testid="stSidebar"]', timeout=args.timeout * 1000)
                page.wait_for_selector(IDLE, timeout=args.timeout * 1000)
                ready = time.perf_counter() - start
                contexts.append(context)
                rss, hwm = memory_mb(server.pid)
                if number in (0, 4, 9, 14, args.sessions - 1):
                    print(f"  {number + 1:>2} session(s): RSS {rss:,.0f} MB, peak {hwm:,.0f} MB "
                          f"(session {number + 1} on /{PAGES[number % len(PAGES)]} ready in {ready:.1f} s)")
            time.sleep(3)
            rss, hwm = memory_mb(server.pid)
            load = os.getloadavg()
            print(f"  {args.sessions} sessions open, settled: RSS {rss:,.0f} MB, peak {hwm:,.0f} MB "
                  f"(load average {load[0]:.2f})")
            for context in contexts:
                context.close()
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
