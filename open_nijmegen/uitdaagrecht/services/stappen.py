"""Every step of the transition tables on a case and on its bezwaar, the assessment per
criterion and the public summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from flask_babel import gettext as _

from open_nijmegen.core.audit import record_audit
from open_nijmegen.extensions import db
from open_nijmegen.uitdaagrecht.models import (
    Beoordeling,
    Bezwaar,
    Oordeel,
    Uitdaging,
)
from open_nijmegen.uitdaagrecht.services.historie import _history, _mail_stap
from open_nijmegen.uitdaagrecht.services.klok import (
    BEZWAAR_PREFIX,
    StapFout,
    _bewaar_clock,
    bezwaar_clock,
    bezwaar_feiten,
    clock_voor,
    feiten_voor,
    lopend_bezwaar,
    vandaag,
)
from open_nijmegen.uitdaagrecht.termijnen import (
    CaseClock,
    TermijnFout,
)
from open_nijmegen.uitdaagrecht.workflow import (
    BEZWAAR_GEVOLG,
    STANDAARD_CRITERIA,
    Actie,
    Actor,
    BezwaarStatus,
    Status,
    Transition,
    TransitionNotAllowed,
    Veld,
    get_bezwaar_start,
    get_bezwaar_transition,
    get_transition,
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
    _klok_stap(uitdaging, clock, a, Actie.VRAAG_AANVULLING, velden, op)
    if a in (Actie.VERKLAAR_NIET_ONTVANKELIJK, Actie.SLUIT_BUITEN_BEHANDELING):
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
    _history(actor_user, uitdaging, van.value, t.naar.value, uitleg, t.naar.is_public_decision, op)
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
    _history(actor_user, uitdaging, None, BEZWAAR_PREFIX + t.naar.value, uitleg, False, op)
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
    _klok_stap(bezwaar, clock, a, Actie.VRAAG_HERSTEL, velden, op)
    if a in (Actie.VERKLAAR_GEGROND, Actie.VERKLAAR_ONGEGROND, Actie.VERKLAAR_NIET_ONTVANKELIJK):
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
        op,
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


def _klok_stap(
    houder: Any, clock: Any, a: Actie, vraag_actie: Actie, velden: dict[str, Any], op: date
) -> bool:
    """The steps that move a clock (ask for information, receive it, extend), shared by a
    case and its bezwaar. Returns False (and does nothing) when ``a`` is not such a step."""
    if a == vraag_actie:
        try:
            clock = clock.vraag_aanvulling(op, velden[Veld.AANVULLEN_VOOR.value])
        except TermijnFout as error:
            raise _termijn_fout(error, Veld.AANVULLEN_VOOR) from None
        _bewaar_clock(houder, clock, {"vraag": velden[Veld.GEVRAAGDE_AANVULLING.value]})
    elif a in (Actie.LEVER_AANVULLING, Actie.ONTVANG_AANVULLING):
        ontvangen = op if a == Actie.LEVER_AANVULLING else velden[Veld.ONTVANGEN_OP.value]
        try:
            clock = clock.ontvang_aanvulling(ontvangen)
        except TermijnFout as error:
            raise StapFout({None: _(str(error))}) from None
        antwoord = velden.get(Veld.AANVULLING.value)
        _bewaar_clock(houder, clock, {"antwoord": antwoord} if antwoord else None)
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
        _bewaar_clock(houder, clock)
    else:
        return False
    return True
