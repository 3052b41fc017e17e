"""Registration with the code from the letter (one per code, one per address as a setting)."""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from open_nijmegen.core import codes
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.settings import get_setting
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import eigen_aanmelding
from open_nijmegen.inwonersberaad.aanmelding.common import (
    HUISNUMMER,
    OPEN_FASEN,
    POSTCODE,
    AanmeldFout,
    Gegevens,
)
from open_nijmegen.inwonersberaad.aanmelding.opzet import opzet_voor, vragen
from open_nijmegen.inwonersberaad.aanmelding_models import (
    BeraadAanmelding,
)
from open_nijmegen.inwonersberaad.models import Beraad
from open_nijmegen.inwonersberaad.werving_cli import CODE_OWNER
from open_nijmegen.notifications.services import queue_mail

# -- registration ---------------------------------------------------------------------------


def check_code(beraad: Beraad, tekst: str | None, client: str) -> int:
    """The id of the unused code of this beraad, or ``codes.CodeError`` (counted)."""
    return codes.find(CODE_OWNER, beraad.id, tekst, client).id


def code_is_bruikbaar(beraad: Beraad, code_id: Any) -> bool:
    row = db.session.get(codes.OneTimeCode, code_id) if isinstance(code_id, int) else None
    return (
        row is not None
        and row.owner_type == CODE_OWNER
        and row.owner_id == beraad.id
        and row.used_on is None
    )


def adres(postcode: str, huisnummer: str) -> tuple[str, str] | None:
    """(``1234AB``, ``12A``) or None when it is not a Dutch address."""
    gevonden = POSTCODE.fullmatch((postcode or "").strip())
    nummer = " ".join((huisnummer or "").split())
    if gevonden is None or not HUISNUMMER.fullmatch(nummer):
        return None
    return gevonden[1] + gevonden[2].upper(), nummer.upper()


def adres_sleutel(postcode: str, huisnummer: str) -> str:
    """One spelling per address: ``6511AB 12A`` for "6511 ab", "12 a" (or "12-A"). A dash
    between digits stays: 12-2 is not 122."""
    nummer = re.sub(r"(?<=\d)[ -](?=[A-Z])", "", " ".join(huisnummer.split()).upper())
    return f"{postcode.replace(' ', '').upper()} {nummer}"


def _pseudoniem() -> str:
    return "a" + secrets.token_hex(7)


def register(
    beraad: Beraad,
    code_id: int,
    gegevens: Gegevens,
    *,
    user: Any = None,
    namens: Any = None,
) -> BeraadAanmelding:
    """Use the code and store the registration (the caller commits; on ``AanmeldFout`` the
    caller rolls back, so the code stays unused)."""
    opzet = opzet_voor(beraad)
    if opzet is None or beraad.fase not in OPEN_FASEN:
        raise AanmeldFout(_("U kunt zich voor dit beraad nu niet aanmelden."))
    for vraag in vragen(opzet):
        if gegevens.kenmerken.get(vraag.kenmerk) not in vraag.waarden:
            raise AanmeldFout(_("Kies bij elke vraag een antwoord uit de lijst."))
    if set(gegevens.kenmerken) != {v.kenmerk for v in vragen(opzet)}:
        raise AanmeldFout(_("Kies bij elke vraag een antwoord uit de lijst."))
    if not set(gegevens.beschikbaar) <= set(opzet.sessies):
        raise AanmeldFout(_("Kies alleen dagen uit de lijst."), "beschikbaar")
    gevonden = adres(gegevens.postcode, gegevens.huisnummer)
    if gevonden is None:
        raise AanmeldFout(_("Vul een goede postcode en een goed huisnummer in."), "postcode")
    postcode, huisnummer = gevonden
    uniek = (
        adres_sleutel(postcode, huisnummer)
        if get_setting("inwonersberaad.een_aanmelding_per_adres")
        else None
    )
    bezet = _("Op dit adres heeft zich al iemand aangemeld. Per adres kan één persoon meedoen.")
    if uniek is not None and db.session.scalar(
        sa.select(BeraadAanmelding.id).where(
            BeraadAanmelding.beraad_id == beraad.id, BeraadAanmelding.adres_uniek == uniek
        )
    ):
        raise AanmeldFout(bezet, "postcode")
    if not codes.consume(code_id):
        raise AanmeldFout(codes.wrong_message(), "code")
    row = BeraadAanmelding(
        beraad_id=beraad.id,
        code_id=code_id,
        pseudoniem=_pseudoniem(),
        kenmerken=dict(gegevens.kenmerken),
        naam=gegevens.naam[:120],
        email=(gegevens.email or "").strip().lower() or None,
        telefoon=gegevens.telefoon[:30],
        postcode=postcode,
        huisnummer=huisnummer,
        adres_uniek=uniek,
        beschikbaar=sorted(gegevens.beschikbaar),
        toegankelijkheid=gegevens.toegankelijkheid[:1000],
        kinderopvang=gegevens.kinderopvang,
        tolk=gegevens.tolk[:80],
        toestemming_op=utcnow(),
        user_id=getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None,
        namens_id=getattr(namens, "id", None),
    )
    token, row.eigen_digest = eigen_aanmelding.nieuw_token()
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except sa.exc.IntegrityError:
        raise AanmeldFout(bezet, "postcode") from None
    record_audit(namens, "werving.aangemeld", beraad, aanmelding=row.id, namens=row.is_assisted)
    if row.email:
        queue_mail(
            row.email,
            "inwonersberaad/aanmelding",
            _("Uw aanmelding voor het inwonersberaad"),
            beraad=beraad,
            aanmelding=row,
            sessies=[date.fromisoformat(d) for d in row.beschikbaar],
            eigen_link=eigen_aanmelding.link(token),
        )
    return row
