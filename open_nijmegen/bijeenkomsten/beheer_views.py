"""Officer pages under /beheer/bijeenkomsten: make, change, move and cancel an event, the list
of people who signed up (every look is written in the processing log, purpose
"bijeenkomst"), the CSV for the door, a message to everyone, and the report afterwards."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.bijeenkomsten import permissions, queries, services
from open_nijmegen.bijeenkomsten.forms import (
    BerichtForm,
    BijeenkomstForm,
    EmptyForm,
    ReasonForm,
    VerslagForm,
)
from open_nijmegen.bijeenkomsten.models import AANMELD_LABELS, STATUS_LABELS, Bijeenkomst
from open_nijmegen.core.csvfile import csv_response
from open_nijmegen.core.forms import parse_id
from open_nijmegen.core.permissions import staff_required
from open_nijmegen.core.registry import registry
from open_nijmegen.core.uploads import UploadError, attach, store_upload, upload_url
from open_nijmegen.extensions import db
from open_nijmegen.privacy.services import log_verwerking
from open_nijmegen.taal.web import handle_taal_check

STAFF = staff_required(WorkArea.BIJEENKOMSTEN)
PURPOSE = "bijeenkomst"


def _item(bijeenkomst_id: int) -> Bijeenkomst:
    item = db.session.get(Bijeenkomst, bijeenkomst_id)
    if item is None:
        abort(404)
    return item


def _link_choices() -> list[tuple[str, str]]:
    found = [("", _("Niets"))]
    for target in registry.link_targets.values():
        for object_id, title in target.options():
            found.append((f"{target.object_type}:{object_id}", f"{target.label}: {title}"))
    return found


def _gegevens(form: BijeenkomstForm) -> services.Gegevens:
    link_type, _sep, link_id = (form.hoort_bij.data or "").partition(":")
    assert form.begint_op is not None and form.eindigt_op is not None
    return services.Gegevens(
        titel=form.titel.data or "",
        tekst=form.tekst.data or "",
        begint_op=form.begint_op,
        eindigt_op=form.eindigt_op,
        online=bool(form.online.data),
        online_link=(form.online_link.data or "").strip() or None,
        adres="" if form.online.data else (form.adres.data or ""),
        zaal="" if form.online.data else (form.zaal.data or ""),
        drempelvrij=bool(form.drempelvrij.data),
        ringleiding=bool(form.ringleiding.data),
        stille_ruimte=bool(form.stille_ruimte.data),
        gebarentolk=bool(form.gebarentolk.data),
        aanmelden_nodig=bool(form.aanmelden_nodig.data),
        capaciteit=form.capaciteit_getal,
        aanmelden_tot=form.aanmelden_tot,
        hoort_bij_type=link_type or None,
        hoort_bij_id=parse_id(link_id),
    )


@STAFF
def index() -> ResponseReturnValue:
    return render_template(
        "bijeenkomsten/beheer/index.html",
        komend=list(db.session.scalars(queries.upcoming())),
        voorbij=list(db.session.scalars(queries.past().limit(50))),
        labels=STATUS_LABELS,
    )


def _form_page(form: BijeenkomstForm, item: Bijeenkomst | None, code: int = 200) -> Any:
    return render_template("bijeenkomsten/beheer/form.html", form=form, item=item), code


@STAFF
def nieuw() -> ResponseReturnValue:
    form = BijeenkomstForm()
    form.hoort_bij.choices = _link_choices()
    if handle_taal_check(form):
        return _form_page(form, None)
    if form.validate_on_submit():
        item = services.create_bijeenkomst(current_user, _gegevens(form))
        db.session.commit()
        flash(_("De bijeenkomst staat in de agenda."), "success")
        return redirect(url_for("bijeenkomsten_beheer.bijeenkomst", bijeenkomst_id=item.id))
    return _form_page(form, None, 400 if request.method == "POST" else 200)


@STAFF
def bewerken(bijeenkomst_id: int) -> ResponseReturnValue:
    item = _item(bijeenkomst_id)
    if not permissions.can_change(current_user, item):
        flash(_("Deze bijeenkomst kunt u niet meer aanpassen."), "warning")
        return redirect(url_for("bijeenkomsten_beheer.bijeenkomst", bijeenkomst_id=item.id))
    form = (
        BijeenkomstForm(obj=item, existing=item)
        if request.method == "GET"
        else BijeenkomstForm(existing=item)
    )
    form.hoort_bij.choices = _link_choices()
    if request.method == "GET":
        form.fill_from(item)
    if handle_taal_check(form):
        return _form_page(form, item)
    if form.validate_on_submit():
        try:
            moved = services.update_bijeenkomst(current_user, item, _gegevens(form))
        except services.BijeenkomstFout as error:
            db.session.rollback()
            form.form_errors.append(str(error))
            return _form_page(form, item, 400)
        db.session.commit()
        if moved:
            flash(
                _(
                    "De bijeenkomst is aangepast. Iedereen die zich aanmeldde, krijgt mail over de nieuwe tijd of plek."
                ),
                "success",
            )
        else:
            flash(_("De bijeenkomst is aangepast."), "success")
        return redirect(url_for("bijeenkomsten_beheer.bijeenkomst", bijeenkomst_id=item.id))
    return _form_page(form, item, 400 if request.method == "POST" else 200)


@STAFF
def bijeenkomst(bijeenkomst_id: int) -> ResponseReturnValue:
    item = _item(bijeenkomst_id)
    return render_template(
        "bijeenkomsten/beheer/bijeenkomst.html",
        item=item,
        telling=queries.counts(item),
        can_change=permissions.can_change(current_user, item),
        can_report=permissions.can_report(current_user, item),
        labels=STATUS_LABELS,
    )


@STAFF
def deelnemers(bijeenkomst_id: int) -> ResponseReturnValue:
    """Who signed up, with what they need. Personal data: every look is logged."""
    item = _item(bijeenkomst_id)
    rows = queries.registrations(item)
    log_verwerking(current_user, "bijeenkomst", item.id, PURPOSE)
    db.session.commit()
    return render_template(
        "bijeenkomsten/beheer/deelnemers.html",
        item=item,
        rows=rows,
        labels=AANMELD_LABELS,
        telling=queries.counts(item),
    )


@STAFF
def deurlijst(bijeenkomst_id: int) -> ResponseReturnValue:
    """The list for the door: names and needs of everyone with a seat (no e-mail)."""
    item = _item(bijeenkomst_id)
    rows = [r for r in queries.registrations(item) if r.status == "aangemeld"]
    log_verwerking(current_user, "bijeenkomst", item.id, PURPOSE, action="downloaden")
    db.session.commit()
    return csv_response(
        f"bijeenkomst-{item.id}-deurlijst.csv",
        ["Naam", "Bevestigd", "Tolk", "Kinderopvang", "Anders nodig", "Aanwezig"],
        ([r.weergavenaam, r.is_bevestigd, r.tolk, r.kinderopvang, r.hulp, ""] for r in rows),
    )


@STAFF
def annuleren(bijeenkomst_id: int) -> ResponseReturnValue:
    item = _item(bijeenkomst_id)
    if not permissions.can_change(current_user, item):
        abort(404)
    form = ReasonForm()
    if handle_taal_check(form):
        return render_template("bijeenkomsten/beheer/annuleren.html", item=item, form=form)
    if form.validate_on_submit():
        count = services.cancel_bijeenkomst(current_user, item, form.reden.data or "")
        db.session.commit()
        flash(_("De bijeenkomst gaat niet door. %(n)d mensen krijgen mail.", n=count), "success")
        return redirect(url_for("bijeenkomsten_beheer.bijeenkomst", bijeenkomst_id=item.id))
    code = 400 if request.method == "POST" else 200
    return render_template("bijeenkomsten/beheer/annuleren.html", item=item, form=form), code


@STAFF
def bericht(bijeenkomst_id: int) -> ResponseReturnValue:
    item = _item(bijeenkomst_id)
    if not permissions.can_change(current_user, item):
        abort(404)
    form = BerichtForm()
    if handle_taal_check(form):
        return render_template("bijeenkomsten/beheer/bericht.html", item=item, form=form)
    if form.validate_on_submit():
        count = services.message_participants(
            current_user,
            item,
            form.onderwerp.data or "",
            form.tekst.data or "",
            form.wachtlijst.data,
        )
        db.session.commit()
        flash(_("Uw bericht gaat naar %(n)d mensen.", n=count), "success")
        return redirect(url_for("bijeenkomsten_beheer.bijeenkomst", bijeenkomst_id=item.id))
    code = 400 if request.method == "POST" else 200
    return render_template("bijeenkomsten/beheer/bericht.html", item=item, form=form), code


@STAFF
def verslag(bijeenkomst_id: int) -> ResponseReturnValue:
    item = _item(bijeenkomst_id)
    if not permissions.can_report(current_user, item):
        abort(404)
    form = VerslagForm(obj=item) if request.method == "GET" else VerslagForm()
    if request.method == "GET":
        form.aanwezig.data = "" if item.aanwezig is None else str(item.aanwezig)
    fotos = [(p, upload_url(p)) for p in queries.photos(item)]
    if handle_taal_check(form):
        return render_template(
            "bijeenkomsten/beheer/verslag.html", item=item, form=form, fotos=fotos
        )
    if form.validate_on_submit():
        upload = None
        if form.foto.data and getattr(form.foto.data, "filename", ""):
            try:
                upload = store_upload(form.foto.data, {"image"}, owner=current_user)
            except UploadError as error:
                db.session.rollback()
                form.foto.errors = [*form.foto.errors, str(error)]
                return render_template(
                    "bijeenkomsten/beheer/verslag.html", item=item, form=form, fotos=fotos
                ), 400
        if upload is not None:
            attach(upload, item)
        services.publish_report(current_user, item, form.verslag.data or "", form.aanwezig_getal)
        db.session.commit()
        flash(_("Het verslag staat op de pagina van de bijeenkomst."), "success")
        return redirect(url_for("bijeenkomsten_beheer.bijeenkomst", bijeenkomst_id=item.id))
    code = 400 if request.method == "POST" else 200
    return render_template(
        "bijeenkomsten/beheer/verslag.html", item=item, form=form, fotos=fotos
    ), code


@STAFF
def foto_weg(bijeenkomst_id: int, upload_id: int) -> ResponseReturnValue:
    from open_nijmegen.core.models import Upload
    from open_nijmegen.core.uploads import delete_upload_file

    item = _item(bijeenkomst_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    upload = db.session.scalar(
        sa.select(Upload).where(
            Upload.id == upload_id, Upload.object_type == "bijeenkomst", Upload.object_id == item.id
        )
    )
    if upload is None:
        abort(404)
    delete_upload_file(upload)
    db.session.delete(upload)
    db.session.commit()
    flash(_("De foto is weg."), "success")
    return redirect(url_for("bijeenkomsten_beheer.verslag", bijeenkomst_id=item.id))
