"""A beraad open for registration (stage 2): its questions from a quotas file, session dates
and codes; helpers to register through the pages."""

from __future__ import annotations

from typing import Any

from factories import make_staff
from helpers import csrf_token
from inwonersberaad.ib_world import make_beraad

from open_nijmegen.core import codes
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import aanmelding as A
from open_nijmegen.inwonersberaad.models import Beraad, Fase

QUOTA = (
    b"kenmerk,waarde,min,max\n"
    b"leeftijd,16 tot 35 jaar,1,2\n"
    b"leeftijd,35 jaar of ouder,1,2\n"
    b"geslacht,Vrouw,1,2\n"
    b"geslacht,Man,1,2\n"
)
SESSIES = ["2027-01-20", "2027-02-03"]


def make_open_beraad(omvang: int = 2, reserves: int = 1, fase: Fase = Fase.AANMELDING) -> Beraad:
    officer = make_staff(areas=["inwonersberaad"], password="")
    beraad = make_beraad(officer, fase=fase, omvang=omvang)
    A.save_opzet(officer, beraad, QUOTA, SESSIES, reserves)
    db.session.commit()
    return beraad


def make_codes(beraad: Beraad, n: int = 3) -> list[str]:
    made = codes.make_codes("inwonersberaad", beraad.id, n)
    db.session.commit()
    return made


def answers(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kenmerk_0": "16 tot 35 jaar",
        "kenmerk_1": "Vrouw",
        "naam": "Fatima de Vries",
        "email": "fatima@example.org",
        "telefoon": "",
        "postcode": "6511 AB",
        "huisnummer": "12a",
        "beschikbaar": ["2027-01-20"],
        "toegankelijkheid": "Een plek voor mijn rolstoel",
        "kinderopvang": "y",
        "tolk": "Arabisch",
        "toestemming": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def enter_code(client: Any, beraad: Beraad, code: str) -> Any:
    url = f"/inwonersberaad/{beraad.id}/aanmelden"
    return client.post(url, data={"csrf_token": csrf_token(client, url), "code": code})


def send_answers(client: Any, beraad: Beraad, **overrides: Any) -> Any:
    url = f"/inwonersberaad/{beraad.id}/aanmelden/gegevens"
    data = answers(**overrides)
    data["csrf_token"] = csrf_token(client, url)
    return client.post(url, data=data)


def register(client: Any, beraad: Beraad, code: str, **overrides: Any) -> Any:
    assert enter_code(client, beraad, code).status_code == 302
    return send_answers(client, beraad, **overrides)
