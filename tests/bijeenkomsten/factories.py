"""Factories for events and registrations; text fields get hostile content by default."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from factories import hostile

from open_nijmegen.bijeenkomsten import services
from open_nijmegen.bijeenkomsten.models import Bijeenkomst
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db


def gegevens(**overrides: Any) -> services.Gegevens:
    start = overrides.pop("begint_op", utcnow() + timedelta(days=7))
    values: dict[str, Any] = {
        "titel": hostile("Wijkavond ")[:120],
        "tekst": hostile("We praten over het plein. "),
        "begint_op": start,
        "eindigt_op": start + timedelta(hours=2),
        "online": False,
        "online_link": None,
        "adres": hostile("Hatertseweg 1 ")[:200],
        "zaal": "Grote zaal",
        "drempelvrij": True,
        "ringleiding": False,
        "stille_ruimte": False,
        "gebarentolk": False,
        "aanmelden_nodig": True,
        "capaciteit": 10,
        "aanmelden_tot": None,
        "hoort_bij_type": None,
        "hoort_bij_id": None,
    }
    values.update(overrides)
    return services.Gegevens(**values)


def make_bijeenkomst(actor: Any = None, **overrides: Any) -> Bijeenkomst:
    item = services.create_bijeenkomst(actor, gegevens(**overrides))
    db.session.commit()
    return item


def make_past(**overrides: Any) -> Bijeenkomst:
    """An event that has ended (made directly: the service plans future events)."""
    start = utcnow() - timedelta(days=3)
    item = Bijeenkomst(
        begint_op=start,
        eindigt_op=start + timedelta(hours=2),
        capaciteit=overrides.pop("capaciteit", 10),
        **{
            "titel": hostile("Geweest ")[:120],
            "tekst": hostile("Het was fijn. "),
            "adres": "Stadhuis",
            **overrides,
        },
    )
    db.session.add(item)
    db.session.commit()
    return item
