from __future__ import annotations

import pytest

# One real Argon2 hash, reused: these tests never log in with a password, and hashing one per
# generated account made the permission grids slow on a busy machine.
_HASH: list[str] = []


@pytest.fixture(autouse=True)
def _fast_passwords(monkeypatch):
    from open_nijmegen.accounts import passwords, services

    if not _HASH:
        _HASH.append(passwords.hash_password("een-goed-wachtwoord-42"))
    monkeypatch.setattr(services, "hash_password", lambda password: _HASH[0])


@pytest.fixture(autouse=True)
def _reference_data(app, _fast_passwords):
    """Every ideeën test starts with the standing traject, a wijk and a thema."""
    from ideeen.factories import make_thema, make_wijk, standing_traject

    from open_nijmegen.ideeen import queries, rendering

    queries.clear_reference_cache()
    rendering.clear()
    standing_traject()
    make_wijk("Hatert", "Nijmegen-Zuid")
    make_thema("Groen en natuur")
