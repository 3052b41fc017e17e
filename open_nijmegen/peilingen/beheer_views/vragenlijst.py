"""The questionnaire builder: the list, a peiling's settings and overview, its pages and
questions (with the logged typo correction once answers exist), publishing and the preview."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.core import codes
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.forms import parse_id
from open_nijmegen.core.paper import paper_count
from open_nijmegen.core.registry import registry
from open_nijmegen.extensions import db
from open_nijmegen.peilingen import permissions, services
from open_nijmegen.peilingen.beheer_views.common import (
    STAFF,
    ZONE,
    _local,
    _peiling,
    _sectie,
    _to_peiling,
    _vraag,
)
from open_nijmegen.peilingen.forms import (
    CodesForm,
    CorrectieForm,
    PeilingForm,
    SectieForm,
    VraagForm,
)
from open_nijmegen.peilingen.models import (
    DOELGROEP_LABELS,
    Beoordeling,
    Doelgroep,
    OpenAntwoord,
    Peiling,
    Sectie,
    Soort,
    Vraag,
)
from open_nijmegen.peilingen.snel import markeer_home, snelle_vraag
from open_nijmegen.taal.web import taal_was_checked


@STAFF
def index() -> ResponseReturnValue:
    items = list(db.session.scalars(sa.select(Peiling).order_by(Peiling.id.desc())))
    return render_template(
        "peilingen/beheer/index.html",
        peilingen=items,
        aantallen={p.id: services.aantal_inzendingen(p.id) for p in items},
    )


def _project_choices() -> list[tuple[str, str]]:
    """The projects a quick poll can be shown on (the registry's "traject" link target)."""
    target = registry.link_targets.get("traject")
    found = [(str(i), title) for i, title in target.options()] if target else []
    return [("", _("Op geen projectpagina"))] + found


@STAFF
def peiling_form(peiling_id: int | None = None) -> ResponseReturnValue:
    item = _peiling(peiling_id) if peiling_id else None
    # The stored values only fill the form on GET: a POST is judged on what it sends.
    form = PeilingForm(obj=item if request.method == "GET" else None)
    form.snel_traject.choices = _project_choices()
    if request.method == "GET" and item is not None:
        form.opent_op.data = _local(item.opent_op)
        form.sluit_op.data = _local(item.sluit_op)
        form.doelgroep.data = item.doelgroep.value
        form.snel_traject.data = "" if item.snel_traject_id is None else str(item.snel_traject_id)
    locked = item is not None and services.heeft_antwoorden(item)
    if request.method == "GET":
        return render_template(
            "peilingen/beheer/peiling_form.html", form=form, item=item, locked=locked
        )
    errors: list[tuple[str | None, str]] = []
    if locked and item is not None and form.doelgroep.data != item.doelgroep.value:
        errors.append(
            ("doelgroep", _("Wie mag meedoen, kan niet meer veranderen: er zijn al antwoorden."))
        )
    if form.validate_on_submit() and not errors:
        item = item or Peiling(created_by_id=current_user.id)
        item.titel = form.titel.data
        item.intro = form.intro.data
        item.doelgroep = Doelgroep(form.doelgroep.data)
        item.opent_op = form.opent_op.data.replace(tzinfo=ZONE)
        item.sluit_op = form.sluit_op.data.replace(tzinfo=ZONE)
        item.wegen = bool(form.wegen.data)
        item.uitslag_live = bool(form.uitslag_live.data)
        item.uitsplitsen = bool(form.uitsplitsen.data)
        item.snel_traject_id = parse_id(form.snel_traject.data)
        db.session.add(item)
        markeer_home(item, bool(form.snel_home.data))
        db.session.flush()
        if not item.secties:
            item.secties.append(Sectie(titel=_("Vragen"), volgorde=0))
        record_audit(current_user, "peiling.opgeslagen", item)
        db.session.commit()
        flash(_("De peiling is opgeslagen."), "success")
        return _to_peiling(item)
    return render_template(
        "peilingen/beheer/peiling_form.html",
        form=form,
        item=item,
        locked=locked,
        extra_errors=errors,
    ), 400


@STAFF
def peiling(peiling_id: int) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    locked = services.heeft_antwoorden(item)
    made, used = codes.counts(services.CODE_OWNER, item.id)
    wachtend = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OpenAntwoord)
        .join(Vraag, Vraag.id == OpenAntwoord.vraag_id)
        .where(Vraag.peiling_id == item.id, OpenAntwoord.beoordeling == Beoordeling.WACHT)
    )
    return render_template(
        "peilingen/beheer/peiling.html",
        item=item,
        locked=locked,
        can_change=permissions.can_change_questions(current_user, item, locked),
        can_correct=permissions.can_correct(current_user, item, locked),
        can_publish=permissions.can_publish(current_user, item),
        can_codes=permissions.can_make_codes(current_user, item),
        can_results=permissions.can_see_results(current_user, item),
        can_paper=permissions.can_enter_paper(current_user, item),
        papier=paper_count(services.CODE_OWNER, item.id),
        codes_form=CodesForm(formdata=None),
        codes_gemaakt=made,
        codes_gebruikt=used,
        aantal=services.aantal_inzendingen(item.id),
        wachtend=int(wachtend or 0),
        doelgroep_label=DOELGROEP_LABELS[item.doelgroep],
        snel_ok=snelle_vraag(item) is not None,
        snel_project=_project_title(item.snel_traject_id),
    )


def _project_title(traject_id: int | None) -> str | None:
    target = registry.link_targets.get("traject")
    found = target.describe(traject_id) if target and traject_id is not None else None
    return found[0] if found else None


@STAFF
def sectie_form(peiling_id: int, sectie_id: int | None = None) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    sectie = _sectie(item, sectie_id) if sectie_id else None
    if not permissions.can_change_questions(current_user, item, services.heeft_antwoorden(item)):
        flash(_("De pagina's kunnen niet meer veranderen: er zijn al antwoorden."), "warning")
        return _to_peiling(item)
    form = SectieForm(obj=sectie if request.method == "GET" else None)
    if form.validate_on_submit():
        if sectie is None:
            sectie = Sectie(volgorde=services.volgende_volgorde(item.secties))
            item.secties.append(sectie)
        sectie.titel = form.titel.data
        sectie.uitleg = form.uitleg.data or ""
        record_audit(current_user, "peiling.opgeslagen", item)
        db.session.commit()
        flash(_("De pagina is opgeslagen."), "success")
        return _to_peiling(item)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "peilingen/beheer/sectie_form.html", form=form, item=item, sectie=sectie
    ), status


def _vraag_choices(form: VraagForm, item: Peiling, vraag: Vraag | None) -> None:
    form.sectie_id.choices = [(str(s.id), s.titel) for s in item.secties]
    form.toon_als.choices = services.toon_als_keuzes(item, vraag)


@STAFF
def vraag_form(peiling_id: int, vraag_id: int | None = None) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    vraag = _vraag(item, vraag_id) if vraag_id else None
    locked = services.heeft_antwoorden(item)
    if locked:
        if vraag is None:
            flash(_("Er kunnen geen vragen meer bij: er zijn al antwoorden."), "warning")
            return _to_peiling(item)
        return _correctie(item, vraag)
    if not permissions.can_change_questions(current_user, item, locked):
        abort(403)
    # Not obj=vraag: "opties" and "schaal_max" are text in the form, not the model's values.
    form = VraagForm()
    _vraag_choices(form, item, vraag)
    if request.method == "GET":
        if vraag is not None:
            for name in ("tekst", "uitleg", "verplicht", "max_keuzes", "label_laag", "label_hoog",
                         "getal_min", "getal_max"):  # fmt: skip
                getattr(form, name).data = getattr(vraag, name)
            form.soort.data = vraag.soort.value
            form.sectie_id.data = str(vraag.sectie_id)
            form.opties.data = "\n".join(o.tekst for o in vraag.opties)
            form.schaal_max.data = str(vraag.schaal_max) if vraag.schaal_max else None
            form.toon_als.data = (
                f"{vraag.toon_als_vraag_id}-{vraag.toon_als_optie_id}"
                if vraag.toon_als_vraag_id
                else ""
            )
        else:
            wanted = request.args.get("sectie", "")
            form.sectie_id.data = (
                wanted if wanted in {c[0] for c in form.sectie_id.choices} else None
            )
        return render_template(
            "peilingen/beheer/vraag_form.html", form=form, item=item, vraag=vraag
        )
    errors: list[tuple[str | None, str]] = []
    if form.sectie_id.data not in {c[0] for c in form.sectie_id.choices}:
        errors.append(("sectie_id", _("Kies een pagina van deze peiling.")))
    if form.validate_on_submit() and not errors:
        sectie = _sectie(item, int(form.sectie_id.data))
        if vraag is None:
            vraag = Vraag(
                peiling=item, sectie=sectie, volgorde=services.volgende_volgorde(item.vragen)
            )
            db.session.add(vraag)
        elif vraag.sectie_id != sectie.id:
            vraag.sectie = sectie
        soort = Soort(form.soort.data)
        vraag.soort = soort
        vraag.tekst = " ".join(form.tekst.data.split())
        vraag.uitleg = form.uitleg.data or ""
        vraag.verplicht = bool(form.verplicht.data)
        vraag.max_keuzes = form.max_keuzes.data if soort == Soort.MEER else None
        vraag.schaal_max = int(form.schaal_max.data) if soort == Soort.SCHAAL else None
        vraag.label_laag = (form.label_laag.data or "") if soort == Soort.SCHAAL else ""
        vraag.label_hoog = (form.label_hoog.data or "") if soort == Soort.SCHAAL else ""
        vraag.getal_min = form.getal_min.data if soort == Soort.GETAL else None
        vraag.getal_max = form.getal_max.data if soort == Soort.GETAL else None
        if form.toon_als.data:
            q, o = (int(x) for x in form.toon_als.data.split("-"))
            vraag.toon_als_vraag_id, vraag.toon_als_optie_id = q, o
        else:
            vraag.toon_als_vraag_id = vraag.toon_als_optie_id = None
        db.session.flush()
        services.zet_opties(vraag, form.optie_regels())
        record_audit(current_user, "peiling.vraag_opgeslagen", item, vraag=vraag.id)
        db.session.commit()
        flash(_("De vraag is opgeslagen."), "success")
        return _to_peiling(item)
    if taal_was_checked():
        errors = []  # "Controleer mijn tekst" is not a save: no error summary for it
    return render_template(
        "peilingen/beheer/vraag_form.html", form=form, item=item, vraag=vraag, extra_errors=errors
    ), 400


def _correctie(item: Peiling, vraag: Vraag) -> ResponseReturnValue:
    """Answers exist: only the texts may change (a typo), the shape may not; logged."""
    if not permissions.can_correct(current_user, item, True):
        abort(403)
    form = CorrectieForm()
    if request.method == "GET":
        for name in ("tekst", "uitleg", "label_laag", "label_hoog"):
            getattr(form, name).data = getattr(vraag, name)
        form.opties.data = "\n".join(o.tekst for o in vraag.opties)
        return render_template(
            "peilingen/beheer/correctie_form.html", form=form, item=item, vraag=vraag
        )
    errors: list[tuple[str | None, str]] = []
    regels = form.optie_regels()
    if len(regels) != len(vraag.opties):
        errors.append(
            (
                "opties",
                _(
                    "Het aantal antwoorden moet hetzelfde blijven (%(n)s). U kunt alleen de "
                    "tekst verbeteren.",
                    n=len(vraag.opties),
                ),
            )
        )
    elif any(len(r) > 200 for r in regels):
        errors.append(("opties", _("Een antwoord mag niet langer zijn dan 200 tekens.")))
    if form.validate_on_submit() and not errors:
        oud = {"vraag": vraag.tekst, "antwoorden": [o.tekst for o in vraag.opties]}
        vraag.tekst = " ".join(form.tekst.data.split())
        vraag.uitleg = form.uitleg.data or ""
        if vraag.soort == Soort.SCHAAL:
            vraag.label_laag = form.label_laag.data or ""
            vraag.label_hoog = form.label_hoog.data or ""
        for optie, tekst in zip(vraag.opties, regels, strict=True):
            optie.tekst = tekst
        record_audit(
            current_user,
            "peiling.tekst_verbeterd",
            item,
            vraag=vraag.id,
            reden=form.reden.data,
            oud=oud,
            nieuw={"vraag": vraag.tekst, "antwoorden": regels},
        )
        db.session.commit()
        flash(_("De verbetering is opgeslagen en in het logboek gezet."), "success")
        return _to_peiling(item)
    if taal_was_checked():
        errors = []  # "Controleer mijn tekst" is not a save: no error summary for it
    return render_template(
        "peilingen/beheer/correctie_form.html",
        form=form,
        item=item,
        vraag=vraag,
        extra_errors=errors,
    ), 400


@STAFF
def vraag_weg(peiling_id: int, vraag_id: int) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    vraag = _vraag(item, vraag_id)
    if not permissions.can_change_questions(current_user, item, services.heeft_antwoorden(item)):
        flash(_("Deze vraag kan niet meer weg: er zijn al antwoorden."), "warning")
        return _to_peiling(item)
    db.session.execute(
        sa.update(Vraag)
        .where(Vraag.toon_als_vraag_id == vraag.id)
        .values(toon_als_vraag_id=None, toon_als_optie_id=None)
        .execution_options(synchronize_session=False)
    )
    item.vragen.remove(vraag)
    db.session.delete(vraag)
    record_audit(current_user, "peiling.vraag_weg", item, vraag=vraag_id)
    db.session.commit()
    flash(_("De vraag is weggehaald."), "success")
    return _to_peiling(item)


@STAFF
def publiceren(peiling_id: int) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    if not permissions.can_publish(current_user, item):
        flash(_("Deze peiling kan nu niet gepubliceerd worden. Zet er eerst vragen in."), "warning")
        return _to_peiling(item)
    item.gepubliceerd_op = utcnow()
    record_audit(current_user, "peiling.gepubliceerd", item)
    db.session.commit()
    flash(_("De peiling staat op de site."), "success")
    return _to_peiling(item)


@STAFF
def voorbeeld(peiling_id: int) -> ResponseReturnValue:
    """The answering pages as a resident sees them; nothing can be sent from here."""
    from open_nijmegen.peilingen.views import render_pagina

    item = _peiling(peiling_id)
    raw = request.args.get("pagina", "1")
    nummer = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else 1
    return render_pagina(item, nummer, None, voorbeeld=True)
