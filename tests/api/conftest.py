from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_reference_cache(app):
    from open_nijmegen.ideeen import queries

    queries.clear_reference_cache()
    yield
    queries.clear_reference_cache()


@pytest.fixture()
def world(app):
    from api.seed import make_world

    return make_world()


@pytest.fixture()
def no_rate_limit():
    from open_nijmegen.extensions import limiter

    limiter.enabled = False
    yield
    limiter.enabled = True


_HASH: list[str] = []


@pytest.fixture(autouse=True)
def _fast_passwords(monkeypatch):
    """One real hash, reused: these tests never log in with a password."""
    from open_nijmegen.accounts import passwords, services

    if not _HASH:
        _HASH.append(passwords.hash_password("een-goed-wachtwoord-42"))
    monkeypatch.setattr(services, "hash_password", lambda password: _HASH[0])
