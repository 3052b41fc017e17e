"""Building a questionnaire and storing answers (one response per account or code, also
under concurrency: the unique constraint of ``peiling_deelname`` and the conditional UPDATE of
``core.codes`` decide, never a check before the insert)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from open_nijmegen.core import codes
from open_nijmegen.core.dates import today_local
from open_nijmegen.core.db import insert_ignoring_duplicates
from open_nijmegen.extensions import db
from open_nijmegen.peilingen.models import (
    Beoordeling,
    Deelname,
    Inzending,
    OpenAntwoord,
    Optie,
    Peiling,
    Soort,
    Vraag,
)

CODE_OWNER = "peiling"


class PeilingFout(ValueError):
    """A B1 sentence for the resident; nothing was stored."""


# --- building -----------------------------------------------------------------------------


def heeft_antwoorden(peiling: Peiling) -> bool:
    """True once anyone saved an answer (also saved for later): questions are then locked."""
    return (
        db.session.scalar(
            sa.select(Inzending.sleutel).where(Inzending.peiling_id == peiling.id).limit(1)
        )
        is not None
    )


def zet_opties(vraag: Vraag, regels: list[str]) -> None:
    """Make the options of ``vraag`` the lines given, keeping option ids by position (so a
    skip rule on an option keeps pointing at it); rules on a removed option are cleared."""
    if not vraag.heeft_opties:
        regels = []
    bestaand = list(vraag.opties)
    for i, tekst in enumerate(regels):
        if i < len(bestaand):
            bestaand[i].tekst = tekst
            bestaand[i].volgorde = i
        else:
            vraag.opties.append(Optie(tekst=tekst, volgorde=i))
    weg = bestaand[len(regels) :]
    for optie in weg:
        vraag.opties.remove(optie)
    db.session.flush()
    if weg:
        db.session.execute(
            sa.update(Vraag)
            .where(Vraag.toon_als_optie_id.in_([o.id for o in weg if o.id is not None]))
            .values(toon_als_vraag_id=None, toon_als_optie_id=None)
            .execution_options(synchronize_session=False)
        )


def toon_als_keuzes(peiling: Peiling, vraag: Vraag | None) -> list[tuple[str, str]]:
    """Conditions a question can have: an answer of an earlier choice question."""
    out: list[tuple[str, str]] = [("", _("Altijd laten zien"))]
    for eerder in peiling.vragen_op_volgorde():
        if vraag is not None and eerder.id == vraag.id:
            break
        if eerder.soort not in (Soort.ENKEL, Soort.MEER):
            continue
        for optie in eerder.opties:
            out.append(
                (
                    f"{eerder.id}-{optie.id}",
                    _(
                        'Als "%(v)s" het antwoord "%(o)s" heeft',
                        v=eerder.tekst[:80],
                        o=optie.tekst[:60],
                    ),
                )
            )
    return out


def volgende_volgorde(items: list[Any]) -> int:
    return max((i.volgorde for i in items), default=-1) + 1


# --- masking --------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# Dutch phone numbers: 06-12345678, 024 123 45 67, +31 6 1234 5678, 0031..., (024) 1234567.
_PHONE = re.compile(r"(?<![\w])(\+|00)?[\d(][\d ()\-./]{7,}\d(?![\w])")


def maskeer(tekst: str) -> str:
    """E-mail addresses and phone numbers out of an open answer, before it is stored."""
    tekst = _EMAIL.sub(_("[e-mailadres weggehaald]"), tekst)

    def phone(match: re.Match[str]) -> str:
        digits = sum(ch.isdigit() for ch in match.group(0))
        return _("[telefoonnummer weggehaald]") if 9 <= digits <= 15 else match.group(0)

    return _PHONE.sub(phone, tekst)


# --- storing answers ------------------------------------------------------------------------


def _secret() -> bytes:
    base = current_app.config.get("PEILINGEN_GEHEIM") or current_app.config["SECRET_KEY"]
    return hmac.new(str(base).encode(), b"peilingen-inzending-v1", hashlib.sha256).digest()


def account_sleutel(peiling_id: int, user_id: int) -> str:
    """The response key of this account: only the server (with its secret) can compute it."""
    return hmac.new(_secret(), f"{peiling_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def eigen_inzending(peiling: Peiling, user: Any) -> Inzending | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.get(Inzending, account_sleutel(peiling.id, user.id))


def heeft_deelgenomen(peiling: Peiling, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            sa.select(Deelname.id).where(
                Deelname.peiling_id == peiling.id, Deelname.user_id == user.id
            )
        )
        is not None
    )


def _vul(inzending: Inzending, antwoorden: Any, af: bool) -> None:
    inzending.antwoorden = dict(antwoorden.gesloten)
    inzending.wijk = antwoorden.wijk
    inzending.leeftijd = antwoorden.leeftijd
    inzending.dag = today_local()
    inzending.af = af
    bestaand = {o.vraag_id: o for o in inzending.open_antwoorden}
    for vraag_id, tekst in antwoorden.open.items():
        tekst = maskeer(tekst)
        row = bestaand.pop(vraag_id, None)
        if row is None:
            inzending.open_antwoorden.append(OpenAntwoord(vraag_id=vraag_id, tekst=tekst))
        elif row.tekst != tekst:
            row.tekst = tekst
            row.beoordeling = Beoordeling.WACHT
    for row in bestaand.values():
        inzending.open_antwoorden.remove(row)


def bewaar_account(peiling: Peiling, user: Any, antwoorden: Any, af: bool) -> bool:
    """Store or change the account's response (``af`` False: saved for later). Returns True
    when this was the account's first save. The caller commits; the caller checked the
    permission and the answers."""
    today = today_local()
    sleutel = account_sleutel(peiling.id, user.id)
    inserted = db.session.execute(
        insert_ignoring_duplicates(Deelname.__table__, ["peiling_id", "user_id"])
        .values(peiling_id=peiling.id, user_id=user.id, dag=today)
        .returning(Deelname.__table__.c.id)
    ).first()
    if inserted is not None:
        inzending = Inzending(sleutel=sleutel, peiling_id=peiling.id, antwoorden={}, dag=today)
        db.session.add(inzending)
        _vul(inzending, antwoorden, af)
        db.session.flush()
        return True
    inzending = db.session.get(Inzending, sleutel, with_for_update=True)
    if inzending is None or inzending.peiling_id != peiling.id:
        raise PeilingFout(
            _("Uw antwoorden zijn al bewaard, maar we kunnen ze niet meer aanpassen.")
        )
    if inzending.af and not af:
        af = True  # sent once: a later "save for later" does not take it out of the count
    _vul(inzending, antwoorden, af)
    db.session.flush()
    return False


def bewaar_code(peiling: Peiling, code_id: int, antwoorden: Any) -> Inzending:
    """Store the response of a panel code and use the code, in one transaction. The caller
    commits; ``PeilingFout`` when the code was used meanwhile (the caller rolls back)."""
    if not codes.consume(code_id):
        raise PeilingFout(codes.wrong_message())
    inzending = Inzending(
        sleutel="code-" + secrets.token_hex(24),
        peiling_id=peiling.id,
        antwoorden={},
        dag=today_local(),
    )
    db.session.add(inzending)
    _vul(inzending, antwoorden, True)
    db.session.flush()
    return inzending


def code_van_peiling(peiling: Peiling, code_id: Any) -> codes.OneTimeCode | None:
    """The unused code with this id of this peiling (the id comes from the signed session)."""
    if not isinstance(code_id, int):
        return None
    row = db.session.get(codes.OneTimeCode, code_id)
    if (
        row is None
        or row.owner_type != CODE_OWNER
        or row.owner_id != peiling.id
        or row.used_on is not None
    ):
        return None
    return row


def aantal_inzendingen(peiling_id: int) -> int:
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Inzending)
            .where(Inzending.peiling_id == peiling_id, Inzending.af.is_(True))
        )
        or 0
    )


def bewaar_papier(peiling: Peiling, officer: Any, nummer: int, antwoorden: Any) -> Inzending:
    """Paper questionnaire ``nummer`` as typed by an officer (each number once per peiling,
    ``core.paper``); not linked to anyone. ``PaperNumberTaken`` when it was entered before."""
    from open_nijmegen.core.paper import register_paper_form

    form = register_paper_form(officer, CODE_OWNER, peiling.id, nummer)
    inzending = Inzending(
        sleutel="papier-" + secrets.token_hex(24),
        peiling_id=peiling.id,
        antwoorden={},
        dag=today_local(),
        paper_form_id=form.id,
    )
    db.session.add(inzending)
    _vul(inzending, antwoorden, True)
    db.session.flush()
    return inzending
