from __future__ import annotations

import pytest

_HASH: list[str] = []


@pytest.fixture(autouse=True)
def _fast_passwords(monkeypatch):
    """One real Argon2 hash, reused (these tests never log in with a password)."""
    from open_nijmegen.accounts import passwords, services

    if not _HASH:
        _HASH.append(passwords.hash_password("een-goed-wachtwoord-42"))
    monkeypatch.setattr(services, "hash_password", lambda password: _HASH[0])
