"""The provider setting at start (environment, CSP) and assurance levels for actions."""

from __future__ import annotations

import json

import pytest
from oidc.test_providers import GOOD

from open_nijmegen import create_app
from open_nijmegen.accounts.oidc import can_with_assurance, has_assurance
from open_nijmegen.accounts.oidc.registry import configure_providers
from open_nijmegen.config import ConfigError


def test_the_app_does_not_start_with_a_bad_provider_setting(monkeypatch):
    monkeypatch.setenv("OPEN_NIJMEGEN_OIDC_PROVIDERS", json.dumps([dict(GOOD, issuer="ftp://x")]))
    with pytest.raises(ConfigError, match="issuer"):
        create_app({"ENV": "test", "DATABASE_URL": "sqlite://", "SECRET_KEY": "x" * 40})


def test_the_environment_setting_is_known(monkeypatch):
    monkeypatch.setenv("OPEN_NIJMEGEN_OIDC_PROVIDERS", json.dumps([GOOD]))
    app = create_app({"ENV": "test", "DATABASE_URL": "sqlite://", "SECRET_KEY": "x" * 40})
    with app.app_context():
        from open_nijmegen.accounts.oidc.registry import all_providers

        assert [p.label for p in all_providers()] == ["DigiD"]
    csp = app.test_client().get("/").headers["Content-Security-Policy"]
    assert "form-action 'self' https://login.nijmegen.nl" in csp


@pytest.fixture()
def digid(app):
    old = app.config["OIDC_PROVIDERS"]
    configure_providers(app, [GOOD])
    yield
    configure_providers(app, old)


def test_has_assurance_uses_the_level_of_this_login(app, digid):
    from factories import make_user
    from flask import session

    user = make_user()
    other = make_user()
    with app.test_request_context():
        session["oidc"] = {"u": user.id, "p": "digid", "acr": GOOD["acr_values"][0]}
        assert has_assurance(user, "midden")
        assert has_assurance(user, "urn:etoegang:core:assurance-class:loa2")
        assert not has_assurance(user, "substantieel")
        assert has_assurance(user, None)
        assert not has_assurance(other, "basis")  # the session belongs to someone else
        # The provider asks substantieel for this action; other actions keep the default.
        assert not can_with_assurance(user, "uitdaging_indienen", "midden")
        assert can_with_assurance(user, "idee_indienen", "midden")
    with app.test_request_context():  # a password login: no assurance at all
        assert not has_assurance(user, "basis")
        assert has_assurance(user, "")
    with app.test_request_context():
        session["oidc"] = {"u": user.id, "p": "digid", "acr": "urn:onbekend:niveau"}
        assert not has_assurance(user, "basis")  # an unknown acr proves nothing
    with app.test_request_context():
        session["oidc"] = {"u": user.id, "p": "weg", "acr": GOOD["acr_values"][0]}
        assert not has_assurance(user, "basis")  # a provider that is no longer configured


def test_has_assurance_refuses_unknown_levels(app):
    with app.test_request_context(), pytest.raises(ValueError):
        has_assurance(None, "superhoog")
