"""Fixtures for the uitdaagrecht tests; the case builders are in ``cases.py``."""

from __future__ import annotations

import pytest


@pytest.fixture()
def people():
    from factories import make_admin, make_staff, make_user

    return {
        "uitdager": make_user(password=""),
        "ander": make_user(password=""),
        "medewerker_zonder_gebied": make_staff(areas=["ideeen"], password=""),
        "medewerker": make_staff(areas=["uitdaagrecht"], password=""),
        "beheerder": make_admin(password=""),
    }
