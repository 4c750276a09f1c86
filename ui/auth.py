"""Optional login for shared deployments; off unless the secrets ask for it.

- `[auth]` in `.streamlit/secrets.toml` (Streamlit's OIDC settings: `redirect_uri`,
  `cookie_secret`, `client_id`, `client_secret`, `server_metadata_url`, or one sub-table per
  provider, e.g. `[auth.google]`): visitors log in with `st.login` and the app reads `st.user`.
- `password = "..."` (top level or in `[newslens]`): visitors type that password once per
  session; it is compared in constant time.
- Neither: nothing is asked (local use).

`require_login()` runs in the entry script before anything is drawn and stops the run
(`st.stop`) until the visitor is let in, so no page, filter or data reaches a stranger.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit import config

_PASSED = "_auth_passed"  # session_state flag: this session gave the right password


def auth_settings(secrets: Mapping[str, Any]) -> tuple[str, Any]:
    """("oidc", the [auth] table) | ("password", the password) | ("off", None)."""
    auth = secrets.get("auth")
    if isinstance(auth, Mapping) and auth:
        return "oidc", auth
    section = secrets.get("newslens")
    password = section.get("password") if isinstance(section, Mapping) else None
    password = password or secrets.get("password")
    if isinstance(password, str) and password:
        return "password", password
    return "off", None


def _secrets() -> Mapping[str, Any] | None:
    """The app's secrets as a plain mapping: empty without a secrets file, None if unreadable.

    Streamlit treats a secrets file it cannot parse like a missing one; here that would open
    a deployment meant to be closed, so a file that exists but does not load is told apart.
    """
    if st.secrets.load_if_toml_exists():
        return st.secrets.to_dict()
    files = config.get_option("secrets.files") or []
    return None if any(Path(path).expanduser().exists() for path in files) else {}


def password_matches(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def require_login(pages: Sequence[Any] = ()) -> None:
    """Let the visitor in, or draw the login and stop the run.

    `pages` are the app's st.Page objects: until the visitor is in they are registered with
    a hidden menu and none is run, so the login screen lists no page (without this, a
    server's first run shows Streamlit's pages/-folder menu) and a page URL shows the login.
    """
    secrets = _secrets()
    if secrets is None:
        _hide_pages(pages)
        st.error("The secrets file cannot be read; the app stays closed until it is fixed.")
        st.stop()
    mode, setting = auth_settings(secrets)
    if mode == "oidc":
        _oidc_login(setting, pages)
    elif mode == "password":
        _password_login(setting, pages)


def _hide_pages(pages: Sequence[Any]) -> None:
    if pages:
        st.navigation(list(pages), position="hidden")


def _oidc_login(auth: Mapping[str, Any], pages: Sequence[Any] = ()) -> None:
    if st.user.get("is_logged_in"):
        who = st.user.get("email") or st.user.get("name") or "signed in"
        st.sidebar.caption(f"Signed in as {who}")
        st.sidebar.button("Log out", on_click=st.logout, key="_auth_logout")
        return
    _hide_pages(pages)
    st.title("newslens")
    st.write("Log in to open the dashboard.")
    providers = sorted(name for name, value in auth.items() if isinstance(value, Mapping))
    if not providers:
        st.button("Log in", on_click=st.login, key="_auth_login", type="primary")
    for name in providers:
        st.button(f"Log in with {name}", on_click=st.login, args=(name,),
                  key=f"_auth_login_{name}", type="primary")
    st.stop()


def _log_out() -> None:
    st.session_state.pop(_PASSED, None)


def _password_login(password: str, pages: Sequence[Any] = ()) -> None:
    if st.session_state.get(_PASSED):
        st.sidebar.button("Log out", on_click=_log_out, key="_auth_logout")
        return
    _hide_pages(pages)
    st.title("newslens")
    given = st.text_input("Password", type="password", key="_auth_password")
    if given and password_matches(given, password):
        st.session_state[_PASSED] = True
        del st.session_state["_auth_password"]  # the typed password is not kept
        st.rerun()
    if given:
        st.error("Wrong password.")
    st.stop()
