"""What comes in: panel codes, the screening of open answers (one by one, without a key or
date), the officer's CSV of anonymous responses and the paper questionnaires."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from open_nijmegen.core import codes
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.csvfile import csv_download
from open_nijmegen.core.paper import paper_count
from open_nijmegen.core.urls import external_url
from open_nijmegen.extensions import db
from open_nijmegen.peilingen import permissions, services
from open_nijmegen.peilingen.beheer_views.common import (
    STAFF,
    _peiling,
    _to_peiling,
)
from open_nijmegen.peilingen.forms import (
    BeoordeelForm,
    CodesForm,
)
from open_nijmegen.peilingen.models import (
    BEOORDELING_LABELS,
    Beoordeling,
    OpenAntwoord,
    Soort,
    Vraag,
)


@STAFF
def codes_maken(peiling_id: int) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    if not permissions.can_make_codes(current_user, item):
        flash(_("Voor deze peiling kunt u geen codes maken."), "warning")
        return _to_peiling(item)
    form = CodesForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.aantal.errors) or _("Vul een aantal in."), "warning")
        return _to_peiling(item)
    made = codes.make_codes(services.CODE_OWNER, item.id, int(form.aantal.data))
    record_audit(current_user, "peiling.codes_gemaakt", item, aantal=len(made))
    db.session.commit()
    # From the configured address (BASE_URL), not the request's host, as the CLI does.
    link = external_url("peilingen.code", peiling_id=item.id)
    body = codes.codes_csv(made, lambda _code: link)
    return csv_download(body, f"peiling-{item.id}-codes.csv", {"Cache-Control": "no-store"})


@STAFF
def open_antwoorden(peiling_id: int) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    vragen = [v for v in item.vragen_op_volgorde() if v.soort == Soort.OPEN]
    rows = list(
        db.session.scalars(
            sa.select(OpenAntwoord)
            .join(Vraag, Vraag.id == OpenAntwoord.vraag_id)
            .where(Vraag.peiling_id == item.id)
            .order_by(OpenAntwoord.beoordeling.desc(), OpenAntwoord.id)
        )
    )
    return render_template(
        "peilingen/beheer/open_antwoorden.html",
        item=item,
        vragen=vragen,
        rows=rows,
        labels=BEOORDELING_LABELS,
        form=BeoordeelForm(formdata=None),
    )


@STAFF
def beoordeel(peiling_id: int, antwoord_id: int) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    row = db.session.get(OpenAntwoord, antwoord_id)
    if row is None or db.session.get(Vraag, row.vraag_id).peiling_id != item.id:
        abort(404)
    form = BeoordeelForm()
    if form.validate_on_submit():
        row.beoordeling = Beoordeling(form.beoordeling.data)
        record_audit(current_user, "peiling.antwoord_beoordeeld", item)
        db.session.commit()
        flash(_("Opgeslagen."), "success")
    else:
        flash(_("Kies of het antwoord op de site mag."), "warning")
    return redirect(url_for("peilingen_beheer.open_antwoorden", peiling_id=item.id))


@STAFF
def antwoorden_csv(peiling_id: int) -> ResponseReturnValue:
    """Every finished response as a row, in random order, without key or day, without open
    answers (they may only go out after screening): for the officer's own analysis."""
    import secrets

    from open_nijmegen.core.csvfile import csv_response
    from open_nijmegen.peilingen.bevolking import LEEFTIJD_LABELS
    from open_nijmegen.peilingen.models import Inzending

    item = _peiling(peiling_id)
    vragen = [v for v in item.vragen_op_volgorde() if v.soort != Soort.OPEN]
    opties = {o.id: o.tekst for v in vragen for o in v.opties}
    rows = db.session.execute(
        sa.select(
            Inzending.antwoorden, Inzending.wijk, Inzending.leeftijd, Inzending.paper_form_id
        ).where(Inzending.peiling_id == item.id, Inzending.af.is_(True))
    ).all()

    def shown(vraag: Vraag, value: Any) -> str:
        if value is None:
            return ""
        if vraag.soort == Soort.ENKEL:
            return opties.get(value, "")
        if vraag.soort == Soort.MEER:
            return " | ".join(opties.get(v, "") for v in value)
        if vraag.soort == Soort.RANGORDE:
            return " > ".join(opties.get(v, "") for v in value)
        return str(value)

    out = [
        [shown(v, (a or {}).get(str(v.id))) for v in vragen]
        + [w or "", LEEFTIJD_LABELS.get(age or "", ""), _("ja") if p else _("nee")]
        for a, w, age, p in rows
    ]
    secrets.SystemRandom().shuffle(out)
    record_audit(current_user, "peiling.antwoorden_gedownload", item, aantal=len(out))
    db.session.commit()
    return csv_response(
        f"peiling-{item.id}-antwoorden.csv",
        [v.tekst for v in vragen] + [_("wijk"), _("leeftijd"), _("op papier")],
        out,
    )


@STAFF
def papier(peiling_id: int) -> ResponseReturnValue:
    """Type in a numbered paper questionnaire: every question on one page, as on paper.
    Nothing is required (a paper form can be incomplete); what is filled in is checked as
    online; the skip rule applies too."""
    from open_nijmegen.core.paper import PaperNumberTaken
    from open_nijmegen.peilingen import antwoorden as A
    from open_nijmegen.peilingen import bevolking
    from open_nijmegen.peilingen.forms import PapierForm

    item = _peiling(peiling_id)
    if not permissions.can_enter_paper(current_user, item):
        flash(_("Papieren formulieren kunt u invoeren als de peiling open is."), "warning")
        return _to_peiling(item)
    vragen = item.vragen_op_volgorde()
    form = PapierForm()
    weighted = (
        {"wijken": bevolking.WIJKEN, "leeftijden": bevolking.LEEFTIJDEN} if item.wegen else {}
    )
    if request.method == "GET":
        antw = A.lees(vragen, MultiDict(), verplicht=False, **weighted)
        errors: list[tuple[str | None, str]] = []
    else:
        antw = A.lees(vragen, request.form, verplicht=False, **weighted)
        form_ok = form.validate_on_submit()
        errors = list(antw.fouten)
        if form_ok and not errors:
            try:
                services.bewaar_papier(item, current_user, int(form.nummer.data), antw)
            except PaperNumberTaken as error:
                db.session.rollback()
                form.nummer.errors = [str(error)]
            else:
                db.session.commit()
                flash(_("Formulier nummer %(n)s is ingevoerd.", n=form.nummer.data), "success")
                return redirect(url_for("peilingen_beheer.papier", peiling_id=item.id))
        errors = [(f.id, e) for f in form if f.errors for e in f.errors] + errors
    status = 400 if errors else 200
    return render_template(
        "peilingen/beheer/papier.html",
        item=item,
        form=form,
        vragen=vragen,
        alle_vragen=vragen,
        positie={v.id: i for i, v in enumerate(vragen, start=1)},
        antw=antw,
        errors=errors,
        ingevoerd=paper_count(services.CODE_OWNER, item.id),
        wijken=bevolking.WIJKEN,
        leeftijden=bevolking.LEEFTIJDEN,
        leeftijd_labels=bevolking.LEEFTIJD_LABELS,
        Soort=Soort,
        veld_id=A.veld_id,
    ), status
