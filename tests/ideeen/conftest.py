from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _reference_data(app):
    """Every ideeën test starts with the standing traject, a wijk and a thema."""
    from ideeen.factories import make_thema, make_wijk, standing_traject

    standing_traject()
    make_wijk("Hatert", "Nijmegen-Zuid")
    make_thema("Groen en natuur")
