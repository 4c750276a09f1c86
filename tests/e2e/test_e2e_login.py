"""OIDC login for real: `streamlit run` with an `[auth]` secrets file, Chromium, and a small
OpenID Connect provider served from this test (discovery, authorize, token, JWKS; the ID
token signed with RS256 and carrying the nonce Streamlit sent).

Logged out, the app shows only its login button; the button goes through the provider and
back to the dashboard with "Signed in as …"; "Log out" closes it again.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import tiny_corpus
from tests.e2e.conftest import _free_port, open_tab, start_server, stop_server

pytest.importorskip("authlib", reason="st.login needs Authlib (requirements.txt)")

CLIENT_ID = "newslens-test"
CLIENT_SECRET = secrets.token_urlsafe(16)
USER = {"sub": "u-1", "email": "analyst@example.org", "name": "Ada Analyst",
        "email_verified": True}
PROVIDER = "localidp"  # a provider name may not hold "_" (Streamlit)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class Provider:
    """A minimal OpenID Connect provider on 127.0.0.1: one user, one client, codes used once."""

    def __init__(self) -> None:
        from cryptography.hazmat.primitives.asymmetric import rsa

        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key"
        self.codes: dict[str, dict] = {}  # code -> the authorize request's parameters
        self.seen: list[tuple[str, dict]] = []  # (path, parameters) of every request
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def jwks(self) -> dict:
        numbers = self.key.public_key().public_numbers()
        n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
        e = numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")
        return {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
                          "n": _b64(n), "e": _b64(e)}]}

    def id_token(self, nonce: str | None) -> str:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        now = int(time.time())
        claims = {**USER, "iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 600}
        if nonce:
            claims["nonce"] = nonce
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
        signature = self.key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input}.{_b64(signature)}"

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _json(self, body: dict, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                provider.seen.append((url.path, query))
                if url.path == "/.well-known/openid-configuration":
                    self._json(provider.metadata())
                elif url.path == "/jwks":
                    self._json(provider.jwks())
                elif url.path == "/authorize":
                    if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                        self._json({"error": "invalid_request"}, 400)
                        return
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query
                    target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.seen.append((url.path, form))
                if url.path != "/token":
                    self._json({"error": "not_found"}, 404)
                    return
                basic = self.headers.get("Authorization", "")
                given = (base64.b64decode(basic[6:]).decode() if basic.startswith("Basic ")
                         else f"{form.get('client_id')}:{form.get('client_secret')}")
                request = provider.codes.pop(form.get("code", ""), None)  # a code works once
                if given != f"{CLIENT_ID}:{CLIENT_SECRET}" or request is None or \
                        form.get("redirect_uri") != request["redirect_uri"]:
                    self._json({"error": "invalid_grant"}, 400)
                    return
                self._json({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                            "expires_in": 600, "id_token": provider.id_token(request.get("nonce"))})

        return Handler

    def __enter__(self) -> Provider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider():
    with Provider() as provider:
        yield provider


@pytest.fixture
def oidc_server(provider, tmp_path):
    from newslens.resolve import link_partial_names
    from newslens.store import Store

    db = tmp_path / "store.duckdb"
    store = Store(db, idle_close_seconds=0)
    store.add_articles(tiny_corpus())
    store.replace_auto_links(link_partial_names(store.person_actor_names()))
    store.close()
    port = _free_port()
    secrets_toml = f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"

[auth.{PROVIDER}]
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"
"""
    server = start_server(db, tmp_path, secrets_toml=secrets_toml, port=port)
    yield server
    stop_server(server)


def _login_only(page) -> None:
    expect(page.get_by_role("button", name=f"Log in with {PROVIDER}")).to_be_visible(timeout=30_000)
    expect(page.locator("h1").first).to_have_text("newslens")
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert "Signed in as" not in page.inner_text("body")


def test_oidc_login_round_trip(browser, oidc_server, provider):
    context, tab = open_tab(browser)
    page = tab.page
    try:
        page.goto(f"{oidc_server.url}/quotes?actor=Vladimir%20Putin")  # a page URL: no page
        _login_only(page)
        page.goto(oidc_server.url)
        _login_only(page)

        page.get_by_role("button", name=f"Log in with {PROVIDER}").click()
        # through the provider and back: the dashboard, with who is signed in
        expect(page.get_by_text(f"Signed in as {USER['email']}")).to_be_visible(timeout=30_000)
        expect(page.locator("h1").first).to_have_text("Overview", timeout=30_000)
        first_metric = page.locator('[data-testid="stMetric"]').first  # the tiny store's 3 articles
        expect(first_metric.locator('[data-testid="stMetricLabel"]')).to_have_text("Articles")
        expect(first_metric.locator('[data-testid="stMetricValue"]')).to_have_text("3")
        assert urlsplit(page.url).netloc == urlsplit(oidc_server.url).netloc

        paths = [path for path, _ in provider.seen]
        assert "/authorize" in paths and "/token" in paths and "/jwks" in paths
        authorize = next(query for path, query in provider.seen if path == "/authorize")
        assert authorize["redirect_uri"] == f"{oidc_server.url}/oauth2callback"
        assert authorize["nonce"] and authorize["state"] and "openid" in authorize["scope"].split()
        assert not provider.codes  # the code was exchanged, once

        # another page of the app in the same browser stays open
        page.goto(f"{oidc_server.url}/quotes")
        expect(page.locator("h1").first).to_have_text("Quotes", timeout=30_000)

        page.get_by_role("button", name="Log out").click()
        _login_only(page)
        # and a page URL shows nothing after logging out either
        page.goto(f"{oidc_server.url}/quotes")
        _login_only(page)
        assert not tab.blocked and not tab.dialogs
    finally:
        context.close()


def test_a_forged_callback_does_not_log_in(browser, oidc_server, provider):
    """A callback with a code and state this browser never asked for lets nobody in."""
    context, tab = open_tab(browser)
    page = tab.page
    try:
        page.goto(f"{oidc_server.url}/oauth2callback?code=forged&state=forged")
        _login_only(page)
        assert "/token" not in [path for path, _ in provider.seen]
    finally:
        context.close()



def test_password_gate_shows_no_menu_and_no_page(browser, tmp_path):
    """The password gate in the browser: no page menu, no page, until the password is given."""
    from newslens.store import Store

    db = tmp_path / "store.duckdb"
    store = Store(db, idle_close_seconds=0)
    store.add_articles(tiny_corpus())
    store.close()
    server = start_server(db, tmp_path, secrets_toml='password = "correct horse"\n')
    context, tab = open_tab(browser)
    page = tab.page
    try:
        for path in ("", "/quotes?actor=Vladimir%20Putin"):
            page.goto(f"{server.url}{path}")
            expect(page.get_by_label("Password", exact=True)).to_be_visible(timeout=30_000)
            assert page.locator('[data-testid="stSidebarNav"]').count() == 0
            assert page.locator('[data-testid="stMetric"]').count() == 0
        page.get_by_label("Password", exact=True).fill("correct horse")
        page.keyboard.press("Enter")
        expect(page.locator("h1").first).to_have_text("Quotes", timeout=30_000)
        expect(page.locator('[data-testid="stSidebarNav"]')).to_be_visible()
        tab.assert_clean()
    finally:
        context.close()
        stop_server(server)
