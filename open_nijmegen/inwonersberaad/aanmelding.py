"""Stage 2 and after the draw: registration with the code from the letter, the recruitment
dashboard, the pool for the stratified draw, and the outcome (mails, reserves, dropouts).

* The questions are the features of the beraad's quotas file (``WervingOpzet.quota_csv``, the
  file the lottery reads); the answers are its values. An answer that is not one of them is
  refused (``AanmeldFout``), so the pool always parses.
* A code is checked with ``core.codes.find`` (wrong attempts counted per client, one generic
  message) and used with ``codes.consume`` in the same transaction as the registration: one
  registration per code, whatever runs at the same moment. With
  ``inwonersberaad.een_aanmelding_per_adres`` the unique ``(beraad_id, adres_uniek)`` decides
  that an address registers once.
* ``pool_csv`` is the people file for ``services.start_loting``: a random pseudonym and the
  answers, nothing else. The lottery job and its record stay as they are.
* ``verwerk_uitslag`` mails everyone after the draw: the chosen get the existing membership
  invitation (``services.invite_member``), reserves their number, the others a thank-you. A
  dropout is replaced with ``loting.vervanger_voor`` (the first reserve who keeps the quotas).
* ``purge_registrations``: who was not chosen (or stopped) is deleted
  ``bewaar.werving_aanmeldingen_dagen`` after the mail.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from open_nijmegen.core import codes
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.settings import get_setting
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import eigen_aanmelding, services
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad.aanmelding_models import (
    AanmeldStatus,
    BeraadAanmelding,
    WervingOpzet,
)
from open_nijmegen.inwonersberaad.models import AdresTrekking, Beraad, Fase, Loting, LotingStatus
from open_nijmegen.inwonersberaad.werving_cli import CODE_OWNER
from open_nijmegen.notifications.services import queue_mail

OPEN_FASEN = (Fase.WERVING, Fase.AANMELDING)
MAX_SESSIES = 20
POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})")
HUISNUMMER = re.compile(r"[1-9][0-9]{0,4}([ -]?[A-Za-z0-9]{1,6})?")

# The question for the features a beraad usually has; any other feature is asked by its name.
_VRAGEN = {
    "leeftijd": "Hoe oud bent u?",
    "leeftijdsgroep": "Hoe oud bent u?",
    "geslacht": "Wat is uw geslacht?",
    "gender": "Wat is uw geslacht?",
    "wijk": "In welke wijk woont u?",
    "stadsdeel": "In welk deel van de stad woont u?",
    "opleiding": "Wat is de hoogste opleiding die u heeft afgemaakt?",
    "opleidingsniveau": "Wat is de hoogste opleiding die u heeft afgemaakt?",
    "mening": "Wat vindt u nu van het onderwerp?",
}


class AanmeldFout(Exception):
    """The registration cannot be stored; ``message`` is the B1 text for the form."""

    def __init__(self, message: str, veld: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.veld = veld


@dataclass(frozen=True)
class Vraag:
    kenmerk: str
    tekst: str
    waarden: tuple[str, ...]


@dataclass
class Gegevens:
    kenmerken: dict[str, str]
    naam: str
    email: str
    telefoon: str
    postcode: str
    huisnummer: str
    beschikbaar: list[str] = field(default_factory=list)
    toegankelijkheid: str = ""
    kinderopvang: bool = False
    tolk: str = ""


# -- set-up ---------------------------------------------------------------------------------


def opzet_voor(beraad: Beraad) -> WervingOpzet | None:
    return db.session.scalar(sa.select(WervingOpzet).where(WervingOpzet.beraad_id == beraad.id))


def vragen(opzet: WervingOpzet) -> list[Vraag]:
    """The questions of the form, in the order of the quotas file."""
    quota = lot.parse_quota(opzet.quota_csv)
    per_kenmerk: dict[str, list[str]] = {}
    for q in quota:
        per_kenmerk.setdefault(q.kenmerk, []).append(q.waarde)
    return [
        Vraag(
            k, _VRAGEN.get(k.strip().lower(), f"{k[:1].upper()}{k[1:]}: wat past bij u?"), tuple(w)
        )
        for k, w in per_kenmerk.items()
    ]


def lees_sessies(tekst: str) -> list[str]:
    """Session dates typed one per line as ``dd-mm-jjjj`` (or ``jjjj-mm-dd``); ISO strings,
    sorted. ``ValueError`` with a B1 message for a line that is not a date."""
    uit: set[str] = set()
    for nummer, regel in enumerate(tekst.splitlines(), start=1):
        regel = regel.strip()
        if not regel:
            continue
        gevonden = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", regel)
        try:
            if gevonden:
                dag = date(int(gevonden[3]), int(gevonden[2]), int(gevonden[1]))
            else:
                dag = date.fromisoformat(regel)
        except ValueError:
            raise ValueError(
                _("Regel %(n)d: dit is geen datum. Schrijf de datum zo: 20-01-2027.", n=nummer)
            ) from None
        uit.add(dag.isoformat())
    if len(uit) > MAX_SESSIES:
        raise ValueError(_("Vul hoogstens %(n)d datums in.", n=MAX_SESSIES))
    return sorted(uit)


def save_opzet(
    actor: Any, beraad: Beraad, quota_csv: bytes, sessies: list[str], reserves: int
) -> WervingOpzet:
    """Store what the form asks, or ``LotingInvoerFout``. The questions cannot change once
    someone registered: their answers would no longer fit."""
    quota = lot.parse_quota(quota_csv)
    opzet = opzet_voor(beraad)
    if opzet is not None and opzet.quota_csv != quota_csv and aantal(beraad) > 0:
        oud = {(q.kenmerk, q.waarde) for q in lot.parse_quota(opzet.quota_csv)}
        if {(q.kenmerk, q.waarde) for q in quota} != oud:
            raise lot.LotingInvoerFout(
                [
                    _(
                        "Er zijn al aanmeldingen. U kunt nu alleen de aantallen (min en max) "
                        "veranderen, niet de vragen of de antwoorden."
                    )
                ]
            )
    if opzet is None:
        opzet = WervingOpzet(beraad_id=beraad.id)
        db.session.add(opzet)
    opzet.quota_csv = quota_csv
    opzet.sessies = sessies
    opzet.reserves = reserves
    opzet.updated_at = utcnow()
    db.session.flush()
    record_audit(actor, "werving.opzet", beraad, quotas=len(quota), sessies=len(sessies))
    return opzet


def is_open(beraad: Beraad) -> bool:
    return beraad.fase in OPEN_FASEN and opzet_voor(beraad) is not None


def open_beraden() -> list[Beraad]:
    return list(
        db.session.scalars(
            sa.select(Beraad)
            .join(WervingOpzet, WervingOpzet.beraad_id == Beraad.id)
            .where(Beraad.fase.in_(OPEN_FASEN))
            .order_by(Beraad.id)
        )
    )


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


# -- dashboard and pool ---------------------------------------------------------------------


def aanmeldingen(beraad: Beraad, *statussen: AanmeldStatus) -> list[BeraadAanmelding]:
    query = sa.select(BeraadAanmelding).where(BeraadAanmelding.beraad_id == beraad.id)
    if statussen:
        query = query.where(BeraadAanmelding.status.in_(statussen))
    return list(db.session.scalars(query.order_by(BeraadAanmelding.id)))


def aantal(beraad: Beraad) -> int:
    return int(
        db.session.scalar(sa.select(sa.func.count()).where(BeraadAanmelding.beraad_id == beraad.id))
        or 0
    )


def pool_csv(rows: list[BeraadAanmelding], opzet: WervingOpzet) -> bytes:
    """The lottery's people file: ``id`` (the pseudonym) and one column per feature."""
    kenmerken = [v.kenmerk for v in vragen(opzet)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", *kenmerken])
    for row in rows:
        writer.writerow([row.pseudoniem, *(row.kenmerken.get(k, "") for k in kenmerken)])
    return out.getvalue().encode("utf-8")


@dataclass
class Stratum:
    kenmerk: str
    waarde: str
    aangemeld: int
    min: int
    max: int

    @property
    def tekort(self) -> int:
        return max(0, self.min - self.aangemeld)


@dataclass
class Stand:
    strata: list[Stratum]
    totaal: int
    nodig: int
    namens: int
    waarschuwingen: list[str]
    codes_gemaakt: int
    codes_gebruikt: int

    @property
    def niet_gereageerd(self) -> int:
        return max(0, self.codes_gemaakt - self.codes_gebruikt)


def stand(beraad: Beraad, opzet: WervingOpzet) -> Stand:
    """Registrations per stratum against the quotas, and the feasibility check of the lottery
    on the pool as it is now."""
    rows = aanmeldingen(beraad, AanmeldStatus.AANGEMELD)
    quota = lot.parse_quota(opzet.quota_csv)
    telling: dict[tuple[str, str], int] = {}
    for row in rows:
        for k, w in row.kenmerken.items():
            telling[(k, w)] = telling.get((k, w), 0) + 1
    strata = [
        Stratum(q.kenmerk, q.waarde, telling.get((q.kenmerk, q.waarde), 0), q.min, q.max)
        for q in quota
    ]
    panel = beraad.omvang or 0
    waarschuwingen: list[str] = []
    if not panel:
        waarschuwingen.append(_("Vul eerst bij het beraad het aantal leden in."))
    elif not rows:
        waarschuwingen.append(_("Er zijn nog geen aanmeldingen."))
    else:
        try:
            invoer = lot.parse_input(pool_csv(rows, opzet), opzet.quota_csv)
            waarschuwingen = lot.controleer_haalbaarheid(invoer, panel, opzet.reserves)
        except lot.LotingInvoerFout as fout:
            waarschuwingen = fout.errors
    gemaakt, gebruikt = codes.counts(CODE_OWNER, beraad.id)
    return Stand(
        strata=strata,
        totaal=len(rows),
        nodig=panel + opzet.reserves,
        namens=sum(1 for r in rows if r.is_assisted),
        waarschuwingen=waarschuwingen,
        codes_gemaakt=gemaakt,
        codes_gebruikt=gebruikt,
    )


def start_loting(actor: Any, beraad: Beraad) -> Loting:
    """The stratified draw straight from the registrations (the existing job and record)."""
    opzet = opzet_voor(beraad)
    if opzet is None:
        raise services.BeraadFout(_("Stel eerst de vragen voor de aanmelding in."))
    rows = aanmeldingen(beraad, AanmeldStatus.AANGEMELD)
    if not rows:
        raise services.BeraadFout(_("Er zijn nog geen aanmeldingen."))
    if not beraad.omvang:
        raise services.BeraadFout(_("Vul eerst bij het beraad het aantal leden in."))
    return services.start_loting(
        actor, beraad, pool_csv(rows, opzet), opzet.quota_csv, beraad.omvang, opzet.reserves
    )


def niet_gereageerd(beraad: Beraad) -> tuple[AdresTrekking | None, list[dict[str, str]]]:
    """The newest draw that still has its address list, and its addresses without a
    registration (for a reminder letter)."""
    trekking = db.session.scalar(
        sa.select(AdresTrekking)
        .where(AdresTrekking.beraad_id == beraad.id, AdresTrekking.adressen.is_not(None))
        .order_by(AdresTrekking.created_at.desc(), AdresTrekking.id.desc())
        .limit(1)
    )
    if trekking is None or not trekking.adressen:
        return trekking, []
    gedaan = {adres_sleutel(r.postcode, r.huisnummer) for r in aanmeldingen(beraad)}
    return trekking, [
        a for a in trekking.adressen if adres_sleutel(a["postcode"], a["huisnummer"]) not in gedaan
    ]


# -- after the draw -------------------------------------------------------------------------


def uitslag_loting(beraad: Beraad) -> Loting | None:
    """The newest finished lottery of this beraad whose panel are registrations of it."""
    ids = {r.pseudoniem for r in aanmeldingen(beraad)}
    for row in db.session.scalars(
        sa.select(Loting)
        .where(Loting.beraad_id == beraad.id, Loting.status == LotingStatus.KLAAR)
        .order_by(Loting.klaar_op.desc(), Loting.id.desc())
    ):
        panel = (row.record or {}).get("panel") or []
        if panel and set(panel) <= ids:
            return row
    return None


def verwerk_uitslag(actor: Any, beraad: Beraad, loting: Loting) -> dict[str, int]:
    """Mark and mail everyone: chosen (membership invitation), reserves (in order), the rest
    (thank-you). Once per beraad."""
    opzet = opzet_voor(beraad)
    if opzet is None or opzet.uitslag_loting_id is not None:
        raise services.BeraadFout(_("De uitslag is al verstuurd."))
    if loting.beraad_id != beraad.id or loting.status != LotingStatus.KLAAR or not loting.record:
        raise services.BeraadFout(_("Deze loting is niet klaar."))
    panel = set(loting.record.get("panel") or [])
    reserves = list(loting.record.get("reserves") or [])
    nu = utcnow()
    tel = {"gekozen": 0, "reserve": 0, "niet_gekozen": 0}
    for row in aanmeldingen(beraad, AanmeldStatus.AANGEMELD):
        row.bericht_op = nu
        if row.pseudoniem in panel:
            row.status = AanmeldStatus.GEKOZEN
            tel["gekozen"] += 1
            if row.email:
                services.invite_member(actor, beraad, row.email)
        elif row.pseudoniem in reserves:
            row.status = AanmeldStatus.RESERVE
            row.reserve_nummer = reserves.index(row.pseudoniem) + 1
            tel["reserve"] += 1
            _mail(row, "inwonersberaad/aanmelding_reserve", _("U staat op de reservelijst"))
        else:
            row.status = AanmeldStatus.NIET_GEKOZEN
            tel["niet_gekozen"] += 1
            _mail(row, "inwonersberaad/aanmelding_bedankt", _("Dank u wel voor uw aanmelding"))
    opzet.uitslag_loting_id = loting.id
    opzet.uitslag_op = nu
    db.session.flush()
    record_audit(actor, "werving.uitslag", beraad, loting=loting.id, **tel)
    return tel


def _mail(row: BeraadAanmelding, template: str, onderwerp: str) -> None:
    if row.email:
        queue_mail(
            row.email,
            template,
            onderwerp,
            beraad=row.beraad,
            aanmelding=row,
            bewaar_dagen=int(get_setting("bewaar.werving_aanmeldingen_dagen")),
        )


def vervang(actor: Any, beraad: Beraad, uitvaller: BeraadAanmelding) -> BeraadAanmelding | None:
    """``uitvaller`` stops; the first reserve who keeps every quota takes the seat (mailed the
    membership invitation). None when no reserve fits: then the seat stays empty."""
    opzet = opzet_voor(beraad)
    if opzet is None or uitvaller.beraad_id != beraad.id:
        raise services.BeraadFout(_("Deze aanmelding hoort niet bij dit beraad."))
    if uitvaller.status != AanmeldStatus.GEKOZEN:
        raise services.BeraadFout(_("Alleen iemand die is gekozen, kan afvallen."))
    alle = aanmeldingen(beraad)
    invoer = lot.parse_input(pool_csv(alle, opzet), opzet.quota_csv)
    panel = [r.pseudoniem for r in alle if r.status == AanmeldStatus.GEKOZEN]
    reserve_rijen = sorted(
        (r for r in alle if r.status == AanmeldStatus.RESERVE),
        key=lambda r: r.reserve_nummer or 0,
    )
    gekozen = lot.vervanger_voor(
        invoer, panel, uitvaller.pseudoniem, [r.pseudoniem for r in reserve_rijen]
    )
    uitvaller.status = AanmeldStatus.AFGEVALLEN
    uitvaller.bericht_op = utcnow()
    vervanger = next((r for r in reserve_rijen if r.pseudoniem == gekozen), None)
    if vervanger is not None:
        vervanger.status = AanmeldStatus.GEKOZEN
        vervanger.reserve_nummer = None
        if vervanger.email:
            services.invite_member(actor, beraad, vervanger.email)
    db.session.flush()
    record_audit(
        actor,
        "werving.afgevallen",
        beraad,
        aanmelding=uitvaller.id,
        vervanger=vervanger.id if vervanger else None,
    )
    return vervanger


def purge_registrations(now: datetime, dry_run: bool = False) -> int:
    """Delete the registrations of who was not chosen or stopped, a term after the mail.
    Idempotent; a dry run only counts. Never commits."""
    cutoff = now - timedelta(days=int(get_setting("bewaar.werving_aanmeldingen_dagen")))
    where = sa.and_(
        BeraadAanmelding.status.in_([AanmeldStatus.NIET_GEKOZEN, AanmeldStatus.AFGEVALLEN]),
        BeraadAanmelding.bericht_op < cutoff,
    )
    if dry_run:
        return int(db.session.scalar(sa.select(sa.func.count()).where(where)) or 0)
    result = db.session.execute(
        sa.delete(BeraadAanmelding).where(where).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)
