"""A small inwonersberaad world for tests: two beraden, members, documents. Text is hostile."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from factories import hostile, make_admin, make_staff, make_user
from werkzeug.datastructures import FileStorage

from open_nijmegen.accounts.models import User
from open_nijmegen.core.uploads import store_upload
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import services
from open_nijmegen.inwonersberaad.models import Beraad, Dossierstuk, Fase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ROLES = (
    "anoniem",
    "inwoner",
    "lid_ander",
    "lid",
    "medewerker_zonder_gebied",
    "medewerker",
    "beheerder",
)
# Who may use the members' area of beraad A.
DOSSIER_ALLOWED = {"lid", "medewerker", "beheerder"}


def make_beraad(
    staff: User | None = None, *, openbaar: bool = True, fase: Fase = Fase.LEERFASE, **kw: Any
) -> Beraad:
    actor = staff or make_staff(areas=["inwonersberaad"], password="")
    beraad = services.create_beraad(
        actor,
        services.BeraadData(
            vraag=kw.get("vraag", "Hoe " + hostile("vraag ")),
            opdracht=hostile("opdracht "),
            opdrachtgever=hostile("raad "),
            omvang=kw.get("omvang", 24),
            selectiemethode=hostile("selectie "),
            openbaar=openbaar,
        ),
    )
    beraad.fase = fase
    db.session.commit()
    return beraad


def add_stuk(beraad: Beraad, *, openbaar: bool = False, pdf: bool = False) -> Dossierstuk:
    actor = make_staff(areas=["inwonersberaad"], password="")
    upload = None
    if pdf:
        upload = store_upload(FileStorage(io.BytesIO(PDF), "stuk.pdf"), {"pdf"}, owner=actor)
    stuk = services.add_stuk(
        actor, beraad, hostile("titel "), 1, "Bijeenkomst 1", "" if pdf else hostile(), upload
    )
    if openbaar:
        services.publish_stuk(actor, stuk)
    db.session.commit()
    return stuk


@dataclass
class World:
    a: Beraad
    b: Beraad
    users: dict[str, User | None]
    closed: Dossierstuk
    published: Dossierstuk
    closed_pdf: Dossierstuk
    extra: dict[str, Any] = field(default_factory=dict)


def make_world() -> World:
    a = make_beraad()
    b = make_beraad()
    users: dict[str, User | None] = {
        "anoniem": None,
        "inwoner": make_user(password=""),
        "lid_ander": make_user(password=""),
        "lid": make_user(password=""),
        "medewerker_zonder_gebied": make_staff(areas=["uitdaagrecht"], password=""),
        "medewerker": make_staff(areas=["inwonersberaad"], password=""),
        "beheerder": make_admin(password=""),
    }
    services.add_member_directly(a, users["lid"])  # type: ignore[arg-type]
    services.add_member_directly(b, users["lid_ander"])  # type: ignore[arg-type]
    db.session.commit()
    return World(
        a=a,
        b=b,
        users=users,
        closed=add_stuk(a),
        published=add_stuk(a, openbaar=True),
        closed_pdf=add_stuk(a, pdf=True),
    )
