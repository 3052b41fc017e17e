"""The population figures a peiling is weighted to: the upload and the way back to the
default (marges.py)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.core.audit import record_audit
from open_nijmegen.extensions import db
from open_nijmegen.peilingen.beheer_views.common import (
    STAFF,
    _peiling,
    _to_peiling,
)
from open_nijmegen.peilingen.forms import (
    BevolkingForm,
)
from open_nijmegen.peilingen.models import (
    Peiling,
)


def _bevolking_page(item: Peiling, form: BevolkingForm, errors: list[Any]) -> str:
    from open_nijmegen.peilingen import bevolking, marges

    return render_template(
        "peilingen/beheer/bevolking.html",
        item=item,
        form=form,
        extra_errors=errors,
        voorbeeld=marges.voorbeeld(),
        cijfers=item.marges or bevolking.BEVOLKING,
        leeftijden=bevolking.LEEFTIJDEN,
        leeftijd_labels=bevolking.LEEFTIJD_LABELS,
    )


@STAFF
def bevolking(peiling_id: int) -> ResponseReturnValue:
    """The population figures this peiling is weighted with: upload a CSV (marges.py)."""
    from open_nijmegen.core.dates import today_local
    from open_nijmegen.peilingen import marges

    item = _peiling(peiling_id)
    form = BevolkingForm()
    if request.method == "GET":
        return _bevolking_page(item, form, [])
    if not form.validate_on_submit():
        return _bevolking_page(item, form, []), 400
    data = form.bestand.data.read(marges.MAX_BYTES + 1)
    try:
        cijfers = marges.lees(data)
    except marges.MargesFout as error:
        return _bevolking_page(item, form, [("bestand", f) for f in error.fouten]), 400
    item.marges = cijfers
    item.marges_op = today_local()
    record_audit(current_user, "peiling.bevolking", item)
    db.session.commit()
    flash(_("De cijfers zijn ingezet. De peiling weegt nu met deze cijfers."), "success")
    return _to_peiling(item)


@STAFF
def bevolking_standaard(peiling_id: int) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    item.marges = None
    item.marges_op = None
    record_audit(current_user, "peiling.bevolking", item, standaard=True)
    db.session.commit()
    flash(_("De peiling weegt weer met de standaardcijfers."), "success")
    return redirect(url_for("peilingen_beheer.bevolking", peiling_id=item.id))
