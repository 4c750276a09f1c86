"""The optional login (ui/auth.py): off without secrets, a password or OIDC when configured."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui.auth import auth_settings, password_matches


@pytest.fixture
def app(tiny_store, monkeypatch, navigation_mode) -> AppTest:
    monkeypatch.setenv("NEWSLENS_DB", str(tiny_store.path))
    tiny_store.close()
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)


def _dashboard_shown(at: AppTest) -> bool:
    return any(m.label == "Articles" for m in at.metric)


def _nothing_else_drawn(at: AppTest) -> None:
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert not at.sidebar.multiselect  # no filter, so no actor name reaches a stranger
    assert [t.value for t in at.title] == ["newslens"]


def test_no_secrets_no_login(app):
    app.run()
    assert not app.exception, app.exception
    assert _dashboard_shown(app)
    assert not [t for t in app.text_input if t.label == "Password"]


@pytest.mark.parametrize("secrets", [{"password": "s3cret ü"},
                                     {"newslens": {"password": "s3cret ü"}}])
def test_password_stops_the_app_until_it_is_given(app, secrets):
    app.secrets.update(secrets)
    app.run()
    assert not app.exception, app.exception
    _nothing_else_drawn(app)
    assert not app.error

    app.text_input(key="_auth_password").input("wrong").run()
    assert [e.value for e in app.error] == ["Wrong password."]
    _nothing_else_drawn(app)

    app.text_input(key="_auth_password").input("s3cret ü").run()
    assert not app.exception, app.exception
    assert _dashboard_shown(app)
    assert "_auth_password" not in app.session_state  # the typed password is not kept
    # the session stays open across page switches and reruns
    app.switch_page("pages/quotes.py").run()
    assert [t.value for t in app.title] == ["Quotes"]

    app.sidebar.button(key="_auth_logout").click().run()
    _nothing_else_drawn(app)


def test_a_page_link_or_a_filter_url_does_not_get_round_the_password(app):
    app.secrets["password"] = "s3cret"
    app.query_params["actor"] = "Jens Stoltenberg"
    app.run()
    for page in ("pages/quotes.py", "pages/articles.py", "pages/add_articles.py"):
        app.switch_page(page).run()
        assert not app.exception, app.exception
        _nothing_else_drawn(app)
        assert not app.get("file_uploader") and not app.selectbox


def test_oidc_logged_out_sees_only_the_login(app):
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                           "cookie_secret": "x", "google": {"client_id": "id"}}
    app.user = {"is_logged_in": False}
    app.run()
    assert not app.exception, app.exception
    _nothing_else_drawn(app)
    assert [b.label for b in app.button] == ["Log in with google"]


def test_oidc_logged_in_sees_the_app(app):
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                           "cookie_secret": "x", "client_id": "id"}
    app.user = {"is_logged_in": True, "email": "analyst@example.org"}
    app.run()
    assert not app.exception, app.exception
    assert _dashboard_shown(app)
    assert "Signed in as analyst@example.org" in [c.value for c in app.sidebar.caption]


@pytest.mark.parametrize(("secrets", "mode"), [
    ({}, "off"),
    ({"password": ""}, "off"),
    ({"other": "x"}, "off"),
    ({"password": "p"}, "password"),
    ({"newslens": {"password": "p"}}, "password"),
    ({"auth": {"client_id": "x"}, "password": "p"}, "oidc"),
])
def test_auth_settings(secrets, mode):
    assert auth_settings(secrets)[0] == mode


def test_password_comparison():
    assert password_matches("été", "été")
    assert not password_matches("ete", "été")
    assert not password_matches("", "x")
