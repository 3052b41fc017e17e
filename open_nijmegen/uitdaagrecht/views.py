"""Public pages of the uitdaagrecht: the explanation, the register, the challenge form in steps,
and the challenger's own status page."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.core.permissions import confirmed_required, custom_access, login_required, public
from open_nijmegen.core.ratelimits import user_key
from open_nijmegen.core.uploads import UploadError
from open_nijmegen.extensions import db, limiter
from open_nijmegen.taal.web import taal_check_requested
from open_nijmegen.uitdaagrecht import forms, permissions, queries, services, settings
from open_nijmegen.uitdaagrecht.models import OORDEEL_LABELS, RECHTSVORM_LABELS, Uitdaging
from open_nijmegen.uitdaagrecht.workflow import (
    Actie,
    Actor,
    Status,
    TransitionNotAllowed,
    allowed_bezwaar_starts,
    allowed_bezwaar_transitions,
    allowed_transitions,
)

# Steps of a long form are saved often; filing itself is rare.
FILING_LIMIT = "60 per minute;600 per day"

# -- public ---------------------------------------------------------------------------------


@public
def index() -> ResponseReturnValue:
    termijnen = settings.current_termijnen()
    mine = queries.my_challenges(current_user) if current_user.is_authenticated else []
    return render_template(
        "uitdaagrecht/index.html",
        weken=termijnen.beslistermijn_dagen // 7,
        bezwaar_weken=termijnen.bezwaartermijn_dagen // 7,
        mine=mine,
    )


@public
def register() -> ResponseReturnValue:
    return render_template(
        "uitdaagrecht/register.html",
        challenges=queries.public_challenges(),
        oordeel_labels=OORDEEL_LABELS,
    )


# -- the form in steps ----------------------------------------------------------------------


def _load_concept(concept_id: int) -> Uitdaging:
    concept = queries.own_concept(current_user, concept_id)
    if concept is None:
        abort(404)
    return concept


@confirmed_required
@limiter.limit(FILING_LIMIT, key_func=user_key, methods=["POST"])
def nieuw() -> ResponseReturnValue:
    return _step(None, 1)


@confirmed_required
@limiter.limit(FILING_LIMIT, key_func=user_key, methods=["POST"])
def concept_stap(concept_id: int, nummer: int) -> ResponseReturnValue:
    concept = _load_concept(concept_id)
    if forms.stap(nummer) is None:
        abort(404)
    if nummer > (concept.stap or 0) + 1 and nummer > 1:
        # Steps are filled in order; jumping ahead goes to the first open step.
        return redirect(
            url_for("uitdaagrecht.concept_stap", concept_id=concept.id, nummer=concept.stap + 1)
        )
    return _step(concept, nummer)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == "None"


def _step(concept: Uitdaging | None, nummer: int) -> ResponseReturnValue:
    stap = forms.stap(nummer)
    if stap is None:
        abort(404)
    if request.method == "GET":
        form = stap.form(data=services.step_data(concept, stap.velden))
        return _render_step(concept, stap, form)
    form = stap.form()
    later = "later" in request.form
    valid = form.validate_on_submit()
    csrf_failed = bool(form.csrf_token.errors)
    upload_ok = True
    checking = taal_check_requested()  # "Controleer mijn tekst": keep everything, add nothing
    if stap.slug == "bijlagen" and concept is not None and not csrf_failed and not checking:
        file = form.bijlage.data
        if file is not None and getattr(file, "filename", ""):
            try:
                services.add_bijlage(current_user, concept, file)
            except UploadError as error:
                form.bijlage.errors = [str(error)]
                upload_ok = False
            except services.StapFout as error:
                form.bijlage.errors = list(error.fouten.values())
                upload_ok = False
            else:
                db.session.commit()
                flash(_("Het bestand is toegevoegd."), "success")
    bad = {f.name for f in form if f.errors and f.name not in ("csrf_token", "bijlage")}
    if later:
        # Save what is filled in; an empty required field may wait until later.
        bad = {name for name in bad if not _empty(form[name].data)}
    if not csrf_failed and upload_ok and (valid or (later and not bad)):
        values = {
            name: form[name].data
            for name in stap.velden
            if not (later and form[name].errors and _empty(form[name].data))
        }
        try:
            concept = services.save_step(current_user, concept, nummer, values)
        except services.StapFout as error:
            flash(next(iter(error.fouten.values())), "error")
            return redirect(url_for("uitdaagrecht.mijn_lijst"))
        db.session.commit()
        if later:
            flash(
                _("Uw concept is opgeslagen. U kunt later verder via ‘Mijn uitdagingen’."),
                "success",
            )
            return redirect(url_for("uitdaagrecht.mijn_lijst"))
        if "toevoegen" in request.form:
            return redirect(
                url_for("uitdaagrecht.concept_stap", concept_id=concept.id, nummer=nummer)
            )
        if nummer < forms.AANTAL_STAPPEN:
            return redirect(
                url_for("uitdaagrecht.concept_stap", concept_id=concept.id, nummer=nummer + 1)
            )
        return redirect(url_for("uitdaagrecht.controleren", concept_id=concept.id))
    # Keep every field as typed; if only the file was refused, the text is kept too.
    return _render_step(concept, stap, form), 422


def _render_step(concept: Uitdaging | None, stap: forms.Stap, form: Any) -> str:
    action = (
        url_for("uitdaagrecht.concept_stap", concept_id=concept.id, nummer=stap.nummer)
        if concept is not None
        else url_for("uitdaagrecht.nieuw")
    )
    concepts = (
        [u for u in queries.my_challenges(current_user) if u.status == Status.CONCEPT]
        if concept is None
        else []
    )
    return render_template(
        "uitdaagrecht/stap.html",
        concept=concept,
        stap=stap,
        stappen=forms.STAPPEN,
        form=form,
        action=action,
        concepts=concepts,
        bijlagen=services.bijlagen(concept) if concept is not None else [],
        max_bijlagen=settings.max_bijlagen(),
        empty_form=forms.EmptyForm(formdata=None),
    )


@confirmed_required
def bijlage_verwijderen(concept_id: int, upload_id: int) -> ResponseReturnValue:
    concept = _load_concept(concept_id)
    form = forms.EmptyForm()
    if form.validate_on_submit() and services.remove_bijlage(concept, upload_id):
        db.session.commit()
        flash(_("Het bestand is weggehaald."), "success")
    return redirect(url_for("uitdaagrecht.concept_stap", concept_id=concept.id, nummer=9))


@confirmed_required
def controleren(concept_id: int) -> ResponseReturnValue:
    concept = _load_concept(concept_id)
    return render_template(
        "uitdaagrecht/controleren.html",
        concept=concept,
        stappen=forms.STAPPEN,
        missing=services.ontbrekend(concept),
        bijlagen=services.bijlagen(concept),
        rechtsvormen=RECHTSVORM_LABELS,
        form=forms.EmptyForm(formdata=None),
        weken=settings.current_termijnen().beslistermijn_dagen // 7,
    )


@confirmed_required
@limiter.limit("5 per hour;20 per day", key_func=user_key)
def indienen(concept_id: int) -> ResponseReturnValue:
    concept = _load_concept(concept_id)
    form = forms.EmptyForm()
    if not form.validate_on_submit():
        flash(_("Het formulier was verlopen. Probeer het opnieuw."), "error")
        return redirect(url_for("uitdaagrecht.controleren", concept_id=concept.id))
    try:
        services.submit(current_user, concept)
    except (services.StapFout, TransitionNotAllowed) as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("uitdaagrecht.controleren", concept_id=concept_id))
    db.session.commit()
    flash(
        _(
            "Bedankt! Wij hebben uw uitdaging ontvangen. Uw nummer is %(ref)s. "
            "U krijgt ook een bevestiging per e-mail.",
            ref=concept.referentie,
        ),
        "success",
    )
    return redirect(url_for("uitdaagrecht.mijn", referentie=concept.referentie))


@confirmed_required
def concept_verwijderen(concept_id: int) -> ResponseReturnValue:
    concept = _load_concept(concept_id)
    form = forms.EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        services.delete_concept(concept)
        db.session.commit()
        flash(_("Uw concept is verwijderd."), "success")
        return redirect(url_for("uitdaagrecht.mijn_lijst"))
    return render_template("uitdaagrecht/concept_verwijderen.html", concept=concept, form=form)


# -- the challenger's own pages -------------------------------------------------------------


@login_required
def mijn_lijst() -> ResponseReturnValue:
    return render_template(
        "uitdaagrecht/mijn_lijst.html", challenges=queries.my_challenges(current_user)
    )


def _load_own_case(referentie: str) -> Uitdaging:
    """The challenger's own filed case; 404 for everyone else, whatever the reference."""
    uitdaging = queries.by_referentie(referentie)
    if uitdaging is None or not permissions.can_view_case(current_user, uitdaging):
        abort(404)
    return uitdaging


def _login_first() -> ResponseReturnValue:
    # The same answer for every reference, existing or not: nothing leaks.
    flash(_("Log eerst in. Daarna kunt u verder."), "info")
    return redirect(url_for("accounts.login", next=request.path))


@custom_access
def mijn(referentie: str) -> ResponseReturnValue:
    if not current_user.is_authenticated:
        return _login_first()
    uitdaging = _load_own_case(referentie)
    if not permissions.is_challenger(current_user, uitdaging):
        # Staff handle the case in the staff area, where every look is logged.
        return redirect(url_for("uitdaagrecht_beheer.zaak", referentie=referentie))
    return _render_mijn(uitdaging)


CHALLENGER_FORMS: dict[str, type[forms.BaseForm]] = {
    Actie.LEVER_AANVULLING.value: forms.AanvullingForm,
    Actie.MELD_VOORTGANG.value: forms.VoortgangForm,
}


def _challenger_forms(
    uitdaging: Uitdaging, posted: tuple[str, Any] | None = None
) -> dict[str, Any]:
    op = services.vandaag()
    feiten = services.feiten_voor(uitdaging, op)
    acties = {
        t.actie.value for t in allowed_transitions(uitdaging.status, Actor.CHALLENGER, feiten)
    }
    result: dict[str, Any] = {}
    for actie, cls in CHALLENGER_FORMS.items():
        if actie in acties:
            result[actie] = cls(formdata=None, prefix=actie)
    lopend = services.lopend_bezwaar(uitdaging)
    if lopend is None:
        if allowed_bezwaar_starts(uitdaging.status, Actor.CHALLENGER, feiten):
            result["bezwaar"] = forms.BezwaarForm(formdata=None, prefix="bezwaar")
    else:
        bezwaar_acties = {
            t.actie.value
            for t in allowed_bezwaar_transitions(
                lopend.status, Actor.CHALLENGER, services.bezwaar_feiten(uitdaging, lopend, op)
            )
        }
        if Actie.LEVER_AANVULLING.value in bezwaar_acties:
            result["bezwaar_aanvulling"] = forms.AanvullingForm(
                formdata=None, prefix="bezwaar_aanvulling"
            )
        if Actie.TREK_IN.value in bezwaar_acties:
            result["bezwaar_intrekken"] = forms.EmptyForm(formdata=None, prefix="bezwaar_intrekken")
    if Actie.TREK_IN.value in acties:
        result["intrekken"] = True
    if posted is not None:
        result[posted[0]] = posted[1]
    return result


def _render_mijn(
    uitdaging: Uitdaging, posted: tuple[str, Any] | None = None, status: int = 200
) -> Any:
    op = services.vandaag()
    return (
        render_template(
            "uitdaagrecht/mijn.html",
            uitdaging=uitdaging,
            stand=services.termijnstand(uitdaging, op),
            history=services.history(uitdaging),
            bijlagen=services.bijlagen(uitdaging),
            forms_=_challenger_forms(uitdaging, posted),
            lopend_bezwaar=services.lopend_bezwaar(uitdaging),
            oordeel_labels=OORDEEL_LABELS,
            rechtsvormen=RECHTSVORM_LABELS,
            criteria=services.criteria(),
            stappen=forms.STAPPEN,
        ),
        status,
    )


def _own_case_for_post(referentie: str) -> Uitdaging:
    if not current_user.is_authenticated:
        abort(404)
    uitdaging = _load_own_case(referentie)
    if not permissions.is_challenger(current_user, uitdaging):
        abort(404)
    return uitdaging


def _file_from(form: Any, uitdaging: Uitdaging) -> bool:
    """Store an optional attachment sent with an answer; False (with a form error) if refused."""
    file = getattr(form, "bijlage", None)
    if file is None or file.data is None or not getattr(file.data, "filename", ""):
        return True
    try:
        services.add_bijlage(current_user, uitdaging, file.data)
    except UploadError as error:
        file.errors = [str(error)]
        return False
    except services.StapFout as error:
        file.errors = list(error.fouten.values())
        return False
    return True


@custom_access
def mijn_stap(referentie: str, actie: str) -> ResponseReturnValue:
    """The challenger sends information, a progress report, a bezwaar, or withdraws one."""
    uitdaging = _own_case_for_post(referentie)
    is_bezwaar = actie.startswith("bezwaar")
    if actie == "bezwaar":
        form: Any = forms.BezwaarForm(prefix="bezwaar")
    elif actie == "bezwaar_aanvulling":
        form = forms.AanvullingForm(prefix="bezwaar_aanvulling")
    elif actie == "bezwaar_intrekken":
        form = forms.EmptyForm(prefix="bezwaar_intrekken")
    elif actie in CHALLENGER_FORMS:
        form = CHALLENGER_FORMS[actie](prefix=actie)
    else:
        abort(404)
    if not form.validate_on_submit() or not _file_from(form, uitdaging):
        db.session.rollback()
        return _render_mijn(uitdaging, (actie, form), 422)
    velden = {k: v for k, v in form.data.items() if k not in ("csrf_token", "bijlage")}
    try:
        if actie == "bezwaar":
            services.start_bezwaar(
                current_user, uitdaging, Actie.MAAK_BEZWAAR, Actor.CHALLENGER, velden
            )
        elif is_bezwaar:
            step = Actie.TREK_IN if actie == "bezwaar_intrekken" else Actie.LEVER_AANVULLING
            services.take_bezwaar_step(current_user, uitdaging, step, Actor.CHALLENGER, velden)
        else:
            services.take_step(current_user, uitdaging, actie, Actor.CHALLENGER, velden)
    except TransitionNotAllowed as error:
        db.session.rollback()
        flash(_(str(error)), "error")
        return redirect(url_for("uitdaagrecht.mijn", referentie=referentie))
    except services.StapFout as error:
        db.session.rollback()
        for name, message in error.fouten.items():
            if name is not None and name in form:
                form[name].errors = [message]
            else:
                form.form_errors.append(message)
        return _render_mijn(uitdaging, (actie, form), 422)
    db.session.commit()
    flash(_("Dank u wel. Wij hebben het ontvangen."), "success")
    return redirect(url_for("uitdaagrecht.mijn", referentie=referentie))


@custom_access
def intrekken(referentie: str) -> ResponseReturnValue:
    if not current_user.is_authenticated:
        return _login_first()
    uitdaging = _own_case_for_post(referentie)
    form = forms.EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.take_step(current_user, uitdaging, Actie.TREK_IN, Actor.CHALLENGER, {})
        except TransitionNotAllowed as error:
            db.session.rollback()
            flash(_(str(error)), "error")
            return redirect(url_for("uitdaagrecht.mijn", referentie=referentie))
        db.session.commit()
        flash(_("Uw uitdaging is ingetrokken."), "success")
        return redirect(url_for("uitdaagrecht.mijn", referentie=referentie))
    return render_template("uitdaagrecht/intrekken.html", uitdaging=uitdaging, form=form)
