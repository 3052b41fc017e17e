"""Writes of the uitdaagrecht: concept steps, filing, every workflow step, the assessment.

Each function validates, changes the objects, records the history row (``StatusChange``), the
audit entry and queues the mail to the challenger, all in the caller's transaction: the request
commits once. The rules come from ``workflow.py`` (which step is allowed) and ``termijnen.py``
(the deadlines); this module only connects them to the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import StatusChange, Upload
from open_nijmegen.core.uploads import store_upload
from open_nijmegen.core.urls import external_url
from open_nijmegen.extensions import db
from open_nijmegen.notifications.services import queue_mail
from open_nijmegen.uitdaagrecht import settings
from open_nijmegen.uitdaagrecht.models import (
    Beoordeling,
    Bezwaar,
    Oordeel,
    Rechtsvorm,
    UitdagerSoort,
    Uitdaging,
    UitdagingTeller,
)
from open_nijmegen.uitdaagrecht.termijnen import (
    CaseClock,
    ClockState,
    Opschorting,
    Termijnen,
    TermijnFout,
    Verdaging,
    bezwaartermijn_einde,
    bezwaartermijn_open,
)
from open_nijmegen.uitdaagrecht.workflow import (
    BEZWAAR_GEVOLG,
    STANDAARD_CRITERIA,
    Actie,
    Actor,
    BezwaarStatus,
    Feiten,
    Status,
    Transition,
    TransitionNotAllowed,
    Veld,
    get_bezwaar_start,
    get_bezwaar_transition,
    get_transition,
)

TIJDZONE = ZoneInfo("Europe/Amsterdam")
UPLOAD_KINDS = {"pdf", "image"}
OBJECT_TYPE = "uitdaging"
BEZWAAR_PREFIX = "bezwaar:"


def vandaag() -> date:
    """Today in Nijmegen (terms are counted in calendar days of the Netherlands)."""
    return datetime.now(TIJDZONE).date()


class StapFout(ValueError):
    """A step that cannot be taken as filled in. ``fouten`` maps a field name to a B1 message;
    the key None holds a message for the whole form."""

    def __init__(self, fouten: Mapping[str | None, str]) -> None:
        super().__init__("; ".join(fouten.values()))
        self.fouten = dict(fouten)


# -- clocks ---------------------------------------------------------------------------------


def termijnen_voor(uitdaging: Uitdaging) -> Termijnen:
    if uitdaging.termijnen is None:
        return settings.current_termijnen()
    return Termijnen.from_dict(uitdaging.termijnen)


def _opschortingen(rows: list[dict[str, Any]]) -> tuple[Opschorting, ...]:
    return tuple(
        Opschorting(
            gevraagd_op=date.fromisoformat(row["gevraagd_op"]),
            aanvullen_voor=date.fromisoformat(row["aanvullen_voor"]),
            ontvangen_op=date.fromisoformat(row["ontvangen_op"])
            if row.get("ontvangen_op")
            else None,
        )
        for row in rows
    )


def _store_opschortingen(
    old: list[dict[str, Any]], clock: CaseClock, extra: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The clock's requests as JSON, keeping the texts stored beside them."""
    rows = []
    for index, item in enumerate(clock.opschortingen):
        row = dict(old[index]) if index < len(old) else {}
        row.update(
            gevraagd_op=item.gevraagd_op.isoformat(),
            aanvullen_voor=item.aanvullen_voor.isoformat(),
            ontvangen_op=item.ontvangen_op.isoformat() if item.ontvangen_op else None,
        )
        rows.append(row)
    if extra and rows:
        rows[-1].update(extra)
    return rows


def clock_voor(uitdaging: Uitdaging) -> CaseClock:
    """Rebuild the decision clock from the stored facts (a filed case only)."""
    assert uitdaging.klok_begindag is not None
    clock = CaseClock.voor_aanvraag(uitdaging.klok_begindag, termijnen_voor(uitdaging))
    verdaging = (
        Verdaging(uitdaging.verdaagd_op, uitdaging.verdaging_dagen)
        if uitdaging.verdaagd_op is not None and uitdaging.verdaging_dagen is not None
        else None
    )
    return replace(
        clock, opschortingen=_opschortingen(uitdaging.opschortingen), verdaging=verdaging
    )


def _bewaar_clock(
    uitdaging: Uitdaging | Bezwaar, clock: CaseClock, extra: Mapping[str, Any] | None = None
) -> None:
    uitdaging.opschortingen = _store_opschortingen(list(uitdaging.opschortingen), clock, extra)
    if clock.verdaging is not None:
        uitdaging.verdaagd_op = clock.verdaging.op
        uitdaging.verdaging_dagen = clock.verdaging.dagen


def bezwaar_clock(uitdaging: Uitdaging, bezwaar: Bezwaar) -> CaseClock:
    clock = CaseClock.voor_bezwaar(
        bezwaar.besluit_verzonden_op, bezwaar.ontvangen_op, termijnen_voor(uitdaging)
    )
    verdaging = (
        Verdaging(bezwaar.verdaagd_op, bezwaar.verdaging_dagen)
        if bezwaar.verdaagd_op is not None and bezwaar.verdaging_dagen is not None
        else None
    )
    return replace(clock, opschortingen=_opschortingen(bezwaar.opschortingen), verdaging=verdaging)


def _open_verstreken(clock: CaseClock, op: date) -> bool:
    """The request for information that is open now has passed its term unused.

    Only the open (latest) request counts: an earlier request that passed unused and was
    followed by "verder zonder de informatie" must not let a new request be closed early.
    """
    open_ = clock.open_opschorting()
    return open_ is not None and open_.termijn_verstreken(op)


def bezwaar_open(uitdaging: Uitdaging, op: date) -> bool:
    if uitdaging.besluit_verzonden_op is None or not uitdaging.status.heeft_besluit:
        return False
    return bezwaartermijn_open(uitdaging.besluit_verzonden_op, op, termijnen_voor(uitdaging))


def feiten_voor(uitdaging: Uitdaging, op: date) -> Feiten:
    if uitdaging.klok_begindag is None:
        return Feiten()
    clock = clock_voor(uitdaging)
    return Feiten(
        verdaging_mogelijk=clock.kan_verdagen(op),
        aanvullingstermijn_verstreken=_open_verstreken(clock, op),
        bezwaartermijn_open=bezwaar_open(uitdaging, op),
    )


def bezwaar_feiten(uitdaging: Uitdaging, bezwaar: Bezwaar, op: date) -> Feiten:
    clock = bezwaar_clock(uitdaging, bezwaar)
    return Feiten(
        verdaging_mogelijk=clock.kan_verdagen(op),
        aanvullingstermijn_verstreken=_open_verstreken(clock, op),
    )


@dataclass(frozen=True)
class Termijnstand:
    """What a page shows about the deadline of a case on one day."""

    state: ClockState | None  # None when no decision term runs (concept, decided, closed)
    aanvullen_voor: date | None
    bezwaar_tot: date | None
    bezwaar_state: ClockState | None


def termijnstand(uitdaging: Uitdaging, op: date) -> Termijnstand:
    state = None
    aanvullen_voor = None
    if uitdaging.klok_begindag is not None and (
        uitdaging.status.clock_running or uitdaging.status == Status.AANVULLING_GEVRAAGD
    ):
        clock = clock_voor(uitdaging)
        state = clock.state(op)
        open_ = clock.open_opschorting()
        if uitdaging.status == Status.AANVULLING_GEVRAAGD and open_ is not None:
            aanvullen_voor = open_.aanvullen_voor
    bezwaar_tot = None
    if uitdaging.besluit_verzonden_op is not None and uitdaging.status.toont_bezwaartermijn:
        bezwaar_tot = bezwaartermijn_einde(
            uitdaging.besluit_verzonden_op, termijnen_voor(uitdaging)
        )
    bezwaar_state = None
    lopend = lopend_bezwaar(uitdaging)
    if lopend is not None and (
        lopend.status.clock_running or lopend.status == BezwaarStatus.HERSTEL_GEVRAAGD
    ):
        bezwaar_state = bezwaar_clock(uitdaging, lopend).state(op)
    return Termijnstand(state, aanvullen_voor, bezwaar_tot, bezwaar_state)


def lopend_bezwaar(uitdaging: Uitdaging) -> Bezwaar | None:
    for bezwaar in reversed(uitdaging.bezwaren):
        if not bezwaar.status.is_closed:
            return bezwaar
    return None


# -- reference numbers ------------------------------------------------------------------------


def next_referentie(jaar: int) -> str:
    """The next ``UR-YYYY-NNNN``, safe under concurrency.

    ``UPDATE ... RETURNING`` locks the year's counter row until the transaction ends, so a
    second submission waits and gets the next number. The first submission of a year inserts
    the row; when two do that at once, the loser's unique violation is rolled back to a
    savepoint and it increments the row the winner made.
    """
    table = UitdagingTeller.__table__
    bump = (
        sa.update(table)
        .where(table.c.jaar == jaar)
        .values(laatste=table.c.laatste + 1)
        .returning(table.c.laatste)
    )
    nummer = db.session.execute(bump).scalar()
    if nummer is None:
        try:
            with db.session.begin_nested():
                db.session.execute(sa.insert(table).values(jaar=jaar, laatste=1))
            nummer = 1
        except sa.exc.IntegrityError:
            nummer = db.session.execute(bump).scalar_one()
    return f"UR-{jaar}-{nummer:04d}"


# -- concept ----------------------------------------------------------------------------------

_ENUM_FIELDS = {"soort_uitdager": UitdagerSoort, "rechtsvorm": Rechtsvorm}
_ORGANISATIE_FIELDS = ("organisatie_naam", "rechtsvorm", "kvk_nummer")


def step_data(uitdaging: Uitdaging | None, velden: tuple[str, ...]) -> dict[str, Any]:
    """Stored values in the shape the step's form expects."""
    data: dict[str, Any] = {}
    if uitdaging is None:
        return data
    for naam in velden:
        value = getattr(uitdaging, naam)
        if naam == "budget_gevraagd":
            value = None if value is None else ("ja" if value else "nee")
        elif hasattr(value, "value"):
            value = value.value
        data[naam] = value
    return data


def save_step(
    user: Any, uitdaging: Uitdaging | None, nummer: int, values: Mapping[str, Any]
) -> Uitdaging:
    """Save one step of the concept (creating the concept on the first save)."""
    if uitdaging is None:
        uitdaging = Uitdaging(uitdager_id=user.id, status=Status.CONCEPT, stap=0, opschortingen=[])
        db.session.add(uitdaging)
    if uitdaging.status != Status.CONCEPT:
        raise StapFout({None: _("Deze uitdaging is al ingediend. U kunt hem niet meer wijzigen.")})
    for naam, value in values.items():
        if isinstance(value, str):
            value = value.strip() or None
        if naam in _ENUM_FIELDS:
            value = _ENUM_FIELDS[naam](value) if value else None
        elif naam == "budget_gevraagd":
            value = {"ja": True, "nee": False}.get(value or "")
        setattr(uitdaging, naam, value)
    if uitdaging.soort_uitdager == UitdagerSoort.PERSOON:
        for naam in _ORGANISATIE_FIELDS:
            setattr(uitdaging, naam, None)
    if uitdaging.budget_gevraagd is False:
        uitdaging.budget_bedrag = None
    uitdaging.stap = max(uitdaging.stap or 0, nummer)
    db.session.flush()
    return uitdaging


def ontbrekend(uitdaging: Uitdaging) -> list[tuple[int, str]]:
    """What the concept still lacks: (step number, B1 message)."""
    missing: list[tuple[int, str]] = []
    if uitdaging.soort_uitdager is None:
        missing.append((1, _("Kies wie de gemeente uitdaagt.")))
    if uitdaging.is_organisatie and not uitdaging.organisatie_naam:
        missing.append((1, _("Vul de naam van de organisatie of groep in.")))
    if uitdaging.is_organisatie and uitdaging.rechtsvorm is None:
        missing.append((1, _("Kies de soort organisatie.")))
    if not uitdaging.contact_naam:
        missing.append((1, _("Vul de naam van de contactpersoon in.")))
    checks = [
        (2, "taak", _("Schrijf op welke taak u wilt overnemen.")),
        (2, "taak_omschrijving", _("Beschrijf de taak.")),
        (3, "waarom_beter", _("Schrijf op waarom u het beter of goedkoper kunt.")),
        (4, "ervaring", _("Schrijf op wat uw kennis en ervaring is.")),
        (5, "draagvlak", _("Schrijf op wie uw plan steunen.")),
        (6, "kosten", _("Schrijf op wat het ongeveer kost.")),
        (7, "hulp_gemeente", _("Schrijf op welke hulp u van de gemeente wilt.")),
        (8, "kwaliteit", _("Schrijf op hoe u zorgt dat het goed blijft gaan.")),
    ]
    for nummer, naam, message in checks:
        if not getattr(uitdaging, naam):
            missing.append((nummer, message))
    if uitdaging.budget_gevraagd is None:
        missing.append((6, _("Kies of u het geld van de gemeente vraagt.")))
    missing.sort(key=lambda item: item[0])
    return missing


def bijlagen(uitdaging: Uitdaging) -> list[Upload]:
    return list(
        db.session.scalars(
            sa.select(Upload)
            .where(Upload.object_type == OBJECT_TYPE, Upload.object_id == uitdaging.id)
            .order_by(Upload.id)
        )
    )


def add_bijlage(user: Any, uitdaging: Uitdaging, file: FileStorage) -> Upload:
    """Store an attachment (checked by content); raises UploadError or StapFout."""
    if len(bijlagen(uitdaging)) >= settings.max_bijlagen():
        raise StapFout(
            {"bijlage": _("U heeft al %(n)d bijlagen. Meer kan niet.", n=settings.max_bijlagen())}
        )
    return store_upload(file, UPLOAD_KINDS, owner=user, obj=uitdaging)


def remove_bijlage(uitdaging: Uitdaging, upload_id: int) -> bool:
    from open_nijmegen.core.uploads import delete_upload_file

    upload = db.session.get(Upload, upload_id)
    if upload is None or upload.object_type != OBJECT_TYPE or upload.object_id != uitdaging.id:
        return False
    delete_upload_file(upload)
    db.session.delete(upload)
    return True


def delete_concept(uitdaging: Uitdaging) -> None:
    assert uitdaging.status == Status.CONCEPT
    for upload in bijlagen(uitdaging):
        remove_bijlage(uitdaging, upload.id)
    db.session.delete(uitdaging)


def submit(user: Any, uitdaging: Uitdaging, op: date | None = None) -> Uitdaging:
    """File the concept: reference number, terms snapshot, history, audit, receipt mail."""
    op = op or vandaag()
    missing = ontbrekend(uitdaging)
    if missing:
        raise StapFout({None: missing[0][1]})
    t = get_transition(uitdaging.status, Actie.DIEN_IN, Actor.CHALLENGER)
    # Lock the concept so a double click cannot file it twice.
    db.session.refresh(uitdaging, with_for_update=True)
    if uitdaging.status != Status.CONCEPT:
        raise StapFout({None: _("Deze uitdaging is al ingediend.")})
    # Queries first: a query flushes, and the row must pass its CHECK constraints then.
    termijnen = settings.current_termijnen().to_dict()
    referentie = next_referentie(op.year)
    uitdaging.referentie = referentie
    uitdaging.status = t.naar
    uitdaging.termijnen = termijnen
    uitdaging.ingediend_at = utcnow()
    uitdaging.ingediend_op = op
    uitdaging.klok_begindag = op
    uitdaging.opschortingen = []
    uitleg = _(t.uitleg)
    _history(user, uitdaging, Status.CONCEPT.value, t.naar.value, uitleg, is_public=False)
    record_audit(user, "uitdaging.dien_in", uitdaging, referentie=uitdaging.referentie)
    db.session.flush()
    stand = termijnstand(uitdaging, op)
    queue_mail(
        user,
        "uitdaagrecht/ontvangen",
        _("Wij hebben uw uitdaging ontvangen (%(ref)s)", ref=uitdaging.referentie),
        uitdaging=uitdaging,
        deadline=stand.state.deadline if stand.state else None,
        link=external_url("uitdaagrecht.mijn", referentie=uitdaging.referentie),
    )
    return uitdaging


# -- history and mail ---------------------------------------------------------------------------


def _history(
    actor: Any, uitdaging: Uitdaging, van: str | None, naar: str, uitleg: str, is_public: bool
) -> StatusChange:
    row = StatusChange(
        object_type=OBJECT_TYPE,
        object_id=uitdaging.id,
        from_status=van,
        to_status=naar,
        actor_id=getattr(actor, "id", None),
        explanation=uitleg,
        is_public=is_public,
        created_at=utcnow(),
    )
    db.session.add(row)
    return row


def history(uitdaging: Uitdaging) -> list[StatusChange]:
    return list(
        db.session.scalars(
            sa.select(StatusChange)
            .where(StatusChange.object_type == OBJECT_TYPE, StatusChange.object_id == uitdaging.id)
            .order_by(StatusChange.created_at, StatusChange.id)
        )
    )


def _mail_stap(uitdaging: Uitdaging, uitleg: str, label: str, wat_nu: str) -> None:
    if uitdaging.uitdager is None:
        return
    queue_mail(
        uitdaging.uitdager,
        "uitdaagrecht/stap",
        _("Nieuws over uw uitdaging %(ref)s: %(label)s", ref=uitdaging.referentie, label=label),
        uitdaging=uitdaging,
        uitleg=uitleg,
        label=label,
        wat_nu=wat_nu,
        link=external_url("uitdaagrecht.mijn", referentie=uitdaging.referentie),
    )


# -- the workflow -------------------------------------------------------------------------------


def _criteria_notes(uitdaging: Uitdaging) -> dict[str, str]:
    return {b.criterium: b.toelichting for b in uitdaging.beoordelingen if b.toelichting.strip()}


def _check_verzonden(velden: Mapping[str, Any], op: date, fouten: dict[str | None, str]) -> None:
    verzonden = velden.get(Veld.VERZONDEN_OP.value)
    if isinstance(verzonden, date) and verzonden > op:
        fouten[Veld.VERZONDEN_OP.value] = _(
            "De datum van verzending mag niet in de toekomst liggen."
        )


def _check_ontvangen(
    velden: Mapping[str, Any], clock: CaseClock, op: date, fouten: dict[str | None, str]
) -> None:
    ontvangen = velden.get(Veld.ONTVANGEN_OP.value)
    open_ = clock.open_opschorting()
    if not isinstance(ontvangen, date):
        return
    if ontvangen > op:
        fouten[Veld.ONTVANGEN_OP.value] = _(
            "De datum van ontvangst mag niet in de toekomst liggen."
        )
    elif open_ is not None and ontvangen < open_.gevraagd_op:
        fouten[Veld.ONTVANGEN_OP.value] = _(
            "De informatie kan niet eerder binnenkomen dan de vraag."
        )


def _fouten(t: Transition[Any, Any], velden: Mapping[str, Any]) -> dict[str | None, str]:
    fouten: dict[str | None, str] = {}
    for veld, message in t.controleer_velden(velden).items():
        if veld is Veld.CRITERIA:
            fouten[None] = _(
                "Schrijf bij elk punt van de beoordeling een uitleg. Sla de beoordeling eerst op."
            )
        else:
            fouten[veld.value] = _(message)
    return fouten


def _termijn_fout(error: TermijnFout, veld: Veld) -> StapFout:
    return StapFout({veld.value: _(str(error))})


def take_step(
    actor_user: Any,
    uitdaging: Uitdaging,
    actie: str,
    actor: Actor,
    velden: Mapping[str, Any] | None = None,
    op: date | None = None,
) -> Transition[Status, Status]:
    """Take one step of the transition table on a case.

    Raises ``TransitionNotAllowed`` (B1 message) for a step the table does not allow now, and
    ``StapFout`` for missing or wrong fields. On success the status, the clock facts and the
    decision fields are changed, and history, audit and mail are added.
    """
    op = op or vandaag()
    velden = dict(velden or {})
    db.session.refresh(uitdaging, with_for_update=True)
    t = get_transition(uitdaging.status, actie, actor, feiten_voor(uitdaging, op))
    if Veld.CRITERIA in t.verplicht:
        velden[Veld.CRITERIA.value] = _criteria_notes(uitdaging)
    fouten = _fouten(t, velden)
    _check_verzonden(velden, op, fouten)
    clock = clock_voor(uitdaging)
    if t.actie == Actie.ONTVANG_AANVULLING:
        _check_ontvangen(velden, clock, op, fouten)
    if fouten:
        raise StapFout(fouten)
    van = uitdaging.status
    extra_uitleg = ""
    a = t.actie
    if a == Actie.VRAAG_AANVULLING:
        try:
            clock = clock.vraag_aanvulling(op, velden[Veld.AANVULLEN_VOOR.value])
        except TermijnFout as error:
            raise _termijn_fout(error, Veld.AANVULLEN_VOOR) from None
        _bewaar_clock(uitdaging, clock, {"vraag": velden[Veld.GEVRAAGDE_AANVULLING.value]})
    elif a in (Actie.LEVER_AANVULLING, Actie.ONTVANG_AANVULLING):
        ontvangen = op if a == Actie.LEVER_AANVULLING else velden[Veld.ONTVANGEN_OP.value]
        try:
            clock = clock.ontvang_aanvulling(ontvangen)
        except TermijnFout as error:
            raise StapFout({None: _(str(error))}) from None
        antwoord = velden.get(Veld.AANVULLING.value)
        _bewaar_clock(uitdaging, clock, {"antwoord": antwoord} if antwoord else None)
    elif a == Actie.VERDAAG:
        nieuwe = velden[Veld.NIEUWE_BESLISDATUM.value]
        huidige = clock.deadline(op)
        if huidige is not None and nieuwe <= huidige:
            raise StapFout(
                {Veld.NIEUWE_BESLISDATUM.value: _("Kies een datum na de huidige uiterste datum.")}
            )
        try:
            clock = clock.verdaag_tot(op, nieuwe)
        except TermijnFout as error:
            raise _termijn_fout(error, Veld.NIEUWE_BESLISDATUM) from None
        _bewaar_clock(uitdaging, clock)
    elif a in (Actie.VERKLAAR_NIET_ONTVANKELIJK, Actie.SLUIT_BUITEN_BEHANDELING):
        _set_besluit(uitdaging, velden)
        uitdaging.besluit_reden = velden[Veld.REDEN.value]
    elif a in (Actie.BESLUIT_TOEKENNEN, Actie.BESLUIT_DEELS_TOEKENNEN, Actie.BESLUIT_AFWIJZEN):
        _set_besluit(uitdaging, velden)
        uitdaging.besluit_reden = None
        uitdaging.toegekend_deel = velden.get(Veld.TOEGEKEND_DEEL.value)
    elif a == Actie.SLUIT_OVEREENKOMST:
        uitdaging.samenvatting_overeenkomst = velden[Veld.SAMENVATTING_OVEREENKOMST.value]
    elif a == Actie.MELD_VOORTGANG:
        extra_uitleg = "\n\n" + velden[Veld.VOORTGANG.value]
    elif a == Actie.ROND_AF:
        uitdaging.evaluatie = velden[Veld.EVALUATIE.value]
    elif a == Actie.HEROVERWEEG:
        # A new decision is needed: a new decision term starts today.
        uitdaging.klok_begindag = op
        uitdaging.opschortingen = []
        uitdaging.verdaagd_op = None
        uitdaging.verdaging_dagen = None
        uitdaging.besluit_verzonden_op = None
        uitdaging.besluit_reden = None
        uitdaging.toegekend_deel = None
        uitdaging.afgesloten_op = None
    uitdaging.status = t.naar
    if t.naar.is_closed:
        uitdaging.afgesloten_op = op
    uitleg = (_format(t, velden) if t.placeholders else _(t.uitleg)) + extra_uitleg
    _history(actor_user, uitdaging, van.value, t.naar.value, uitleg, t.naar.is_public_decision)
    record_audit(actor_user, f"uitdaging.{a.value}", uitdaging, van=van.value, naar=t.naar.value)
    _mail_stap(uitdaging, uitleg, _(t.naar.label), _(t.naar.wat_nu))
    db.session.flush()
    return t


def _format(t: Transition[Any, Any], velden: Mapping[str, Any]) -> str:
    """The transition's explanation, translated, with the fields filled in (dates in Dutch)."""
    translated = replace(t, uitleg=_(t.uitleg))
    return translated.maak_uitleg(velden)


def _set_besluit(uitdaging: Uitdaging, velden: Mapping[str, Any]) -> None:
    uitdaging.besluit_verzonden_op = velden[Veld.VERZONDEN_OP.value]
    uitdaging.rechtsmiddelen = velden[Veld.RECHTSMIDDELEN.value]


# -- bezwaar ------------------------------------------------------------------------------------


def start_bezwaar(
    actor_user: Any,
    uitdaging: Uitdaging,
    actie: str,
    actor: Actor,
    velden: Mapping[str, Any] | None = None,
    op: date | None = None,
) -> Bezwaar:
    """File a bezwaar (challenger, within the term) or register one that came by post."""
    op = op or vandaag()
    velden = dict(velden or {})
    db.session.refresh(uitdaging, with_for_update=True)
    t = get_bezwaar_start(uitdaging.status, actie, actor, feiten_voor(uitdaging, op))
    if lopend_bezwaar(uitdaging) is not None:
        raise StapFout({None: _("Er loopt al een bezwaar tegen dit besluit.")})
    fouten = _fouten(t, velden)
    ontvangen = op if actor == Actor.CHALLENGER else velden.get(Veld.ONTVANGEN_OP.value)
    if isinstance(ontvangen, date) and ontvangen > op:
        fouten[Veld.ONTVANGEN_OP.value] = _(
            "De datum van ontvangst mag niet in de toekomst liggen."
        )
    if (
        isinstance(ontvangen, date)
        and uitdaging.besluit_verzonden_op
        and ontvangen < uitdaging.besluit_verzonden_op
    ):
        fouten[Veld.ONTVANGEN_OP.value] = _("Een bezwaar kan niet binnenkomen vóór het besluit.")
    if fouten:
        raise StapFout(fouten)
    assert uitdaging.besluit_verzonden_op is not None and isinstance(ontvangen, date)
    bezwaar = Bezwaar(
        uitdaging=uitdaging,
        status=t.naar,
        gronden=velden[Veld.GRONDEN.value],
        ontvangen_op=ontvangen,
        besluit_verzonden_op=uitdaging.besluit_verzonden_op,
        besluit_status=uitdaging.status,
        opschortingen=[],
    )
    db.session.add(bezwaar)
    uitleg = _format(t, velden) if t.placeholders else _(t.uitleg)
    _history(actor_user, uitdaging, None, BEZWAAR_PREFIX + t.naar.value, uitleg, False)
    record_audit(actor_user, f"uitdaging.bezwaar.{t.actie.value}", uitdaging, naar=t.naar.value)
    _mail_stap(uitdaging, uitleg, _(t.naar.label), _(t.naar.wat_nu))
    db.session.flush()
    return bezwaar


def take_bezwaar_step(
    actor_user: Any,
    uitdaging: Uitdaging,
    actie: str,
    actor: Actor,
    velden: Mapping[str, Any] | None = None,
    op: date | None = None,
) -> Transition[BezwaarStatus, BezwaarStatus]:
    op = op or vandaag()
    velden = dict(velden or {})
    db.session.refresh(uitdaging, with_for_update=True)
    bezwaar = lopend_bezwaar(uitdaging)
    if bezwaar is None:
        raise TransitionNotAllowed(
            _("Er loopt geen bezwaar."), van=uitdaging.status, actie=actie, actor=actor
        )
    feiten = bezwaar_feiten(uitdaging, bezwaar, op)
    t = get_bezwaar_transition(bezwaar.status, actie, actor, feiten)
    fouten = _fouten(t, velden)
    _check_verzonden(velden, op, fouten)
    clock = bezwaar_clock(uitdaging, bezwaar)
    if t.actie == Actie.ONTVANG_AANVULLING:
        _check_ontvangen(velden, clock, op, fouten)
    if fouten:
        raise StapFout(fouten)
    a = t.actie
    van = bezwaar.status
    if a == Actie.VRAAG_HERSTEL:
        try:
            clock = clock.vraag_aanvulling(op, velden[Veld.AANVULLEN_VOOR.value])
        except TermijnFout as error:
            raise _termijn_fout(error, Veld.AANVULLEN_VOOR) from None
        _bewaar_clock(bezwaar, clock, {"vraag": velden[Veld.GEVRAAGDE_AANVULLING.value]})
    elif a in (Actie.LEVER_AANVULLING, Actie.ONTVANG_AANVULLING):
        ontvangen = op if a == Actie.LEVER_AANVULLING else velden[Veld.ONTVANGEN_OP.value]
        try:
            clock = clock.ontvang_aanvulling(ontvangen)
        except TermijnFout as error:
            raise StapFout({None: _(str(error))}) from None
        antwoord = velden.get(Veld.AANVULLING.value)
        _bewaar_clock(bezwaar, clock, {"antwoord": antwoord} if antwoord else None)
    elif a == Actie.VERDAAG:
        nieuwe = velden[Veld.NIEUWE_BESLISDATUM.value]
        huidige = clock.deadline(op)
        if huidige is not None and nieuwe <= huidige:
            raise StapFout(
                {Veld.NIEUWE_BESLISDATUM.value: _("Kies een datum na de huidige uiterste datum.")}
            )
        try:
            clock = clock.verdaag_tot(op, nieuwe)
        except TermijnFout as error:
            raise _termijn_fout(error, Veld.NIEUWE_BESLISDATUM) from None
        _bewaar_clock(bezwaar, clock)
    elif a in (Actie.VERKLAAR_GEGROND, Actie.VERKLAAR_ONGEGROND, Actie.VERKLAAR_NIET_ONTVANKELIJK):
        bezwaar.beslissing_reden = velden[Veld.REDEN.value]
        bezwaar.beslist_op = velden[Veld.VERZONDEN_OP.value]
    bezwaar.status = t.naar
    uitleg = _format(t, velden) if t.placeholders else _(t.uitleg)
    _history(
        actor_user,
        uitdaging,
        BEZWAAR_PREFIX + van.value,
        BEZWAAR_PREFIX + t.naar.value,
        uitleg,
        False,
    )
    record_audit(
        actor_user, f"uitdaging.bezwaar.{a.value}", uitdaging, van=van.value, naar=t.naar.value
    )
    _mail_stap(uitdaging, uitleg, _(t.naar.label), _(t.naar.wat_nu))
    db.session.flush()
    gevolg = BEZWAAR_GEVOLG.get(t.naar)
    if gevolg is not None:
        take_step(actor_user, uitdaging, gevolg, Actor.SYSTEM, {}, op)
    return t


# -- assessment and public summary ----------------------------------------------------------


def criteria() -> dict[str, str]:
    return dict(STANDAARD_CRITERIA)


def save_beoordeling(
    actor_user: Any, uitdaging: Uitdaging, values: Mapping[str, tuple[Oordeel | None, str]]
) -> None:
    """Store the checklist: per criterion a verdict and a note (public in the decision)."""
    bestaand = {b.criterium: b for b in uitdaging.beoordelingen}
    for code, (oordeel, toelichting) in values.items():
        if code not in STANDAARD_CRITERIA:
            continue
        row = bestaand.get(code)
        if row is None:
            row = Beoordeling(uitdaging=uitdaging, criterium=code, toelichting="")
            db.session.add(row)
        row.oordeel = oordeel
        row.toelichting = toelichting or ""
        row.updated_by_id = getattr(actor_user, "id", None)
    record_audit(actor_user, "uitdaging.beoordeling", uitdaging)
    db.session.flush()


def save_publiek(actor_user: Any, uitdaging: Uitdaging, samenvatting: str | None) -> None:
    uitdaging.publieke_samenvatting = samenvatting or None
    record_audit(actor_user, "uitdaging.publieke_samenvatting", uitdaging)
    db.session.flush()
