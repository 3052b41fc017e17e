"""Public pages: the list of peilingen, a peiling's start page, answering page by page
(accounts or a panel code), the thank-you page and the results."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import MultiDict

from open_nijmegen.core import codes
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.permissions import custom_access, public
from open_nijmegen.core.ratelimits import user_key
from open_nijmegen.extensions import db, limiter
from open_nijmegen.peilingen import antwoorden as A
from open_nijmegen.peilingen import bevolking, permissions, services
from open_nijmegen.peilingen.models import Doelgroep, Peiling, Sectie, Soort, Staat, Vraag

ANSWER_LIMIT = "60 per minute;600 per day"
CODE_LIMIT = "20 per minute"
SESSION_CODES = "peiling_codes"


def _peiling(peiling_id: int, *, whole: bool = False) -> Peiling:
    """The peiling the visitor may see, else 404. ``whole``: with its pages, questions and
    options in two queries (the answering page reads them all; lazily it was one query per
    page and per question): the peiling joined with its pages, then the questions joined with
    their options. The questions of a page come from ``Peiling.vragen`` (``vragen_per_pagina``),
    not from ``Sectie.vragen``, which would read them a second time."""
    options = (
        [
            joinedload(Peiling.secties),
            selectinload(Peiling.vragen).joinedload(Vraag.opties),
        ]
        if whole
        else []
    )
    item = db.session.get(Peiling, peiling_id, options=options)
    if item is None or not permissions.can_view(current_user, item):
        abort(404)
    return item


@public
def index() -> ResponseReturnValue:
    items = list(
        db.session.scalars(
            sa.select(Peiling)
            .where(Peiling.gepubliceerd_op.is_not(None))
            .order_by(Peiling.sluit_op.desc())
        )
    )
    groups: dict[Staat, list[Peiling]] = {Staat.OPEN: [], Staat.GEPLAND: [], Staat.GESLOTEN: []}
    for p in items:
        groups.setdefault(p.staat(), []).append(p)
    return render_template("peilingen/index.html", groups=groups, Staat=Staat)


@public
def short(peiling_id: int) -> ResponseReturnValue:
    return redirect(_peiling(peiling_id).object_url(), 301)


@public
def detail(peiling_id: int, slug: str) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    if slug != item.slug:
        return redirect(item.object_url(), 301)
    inzending = services.eigen_inzending(item, current_user)
    return render_template(
        "peilingen/detail.html",
        item=item,
        staat=item.staat(),
        Staat=Staat,
        Doelgroep=Doelgroep,
        aantal_vragen=len(item.vragen),
        can_answer=permissions.can_answer_with_account(current_user, item),
        can_code=permissions.can_answer_with_code(item),
        inzending=inzending,
        can_results=permissions.can_see_results(current_user, item),
    )


def vragen_per_pagina(item: Peiling) -> dict[int, list[Vraag]]:
    """Section id -> its questions in order (as ``Sectie.vragen``, from ``Peiling.vragen``)."""
    out: dict[int, list[Vraag]] = {}
    for vraag in item.vragen:  # ordered by (volgorde, id), as Sectie.vragen
        out.setdefault(vraag.sectie_id, []).append(vraag)
    return out


def pages(item: Peiling) -> list[Sectie]:
    """The sections that hold questions: one answering page each."""
    per = vragen_per_pagina(item)
    return [s for s in item.secties if per.get(s.id)]


def as_formdata(vragen: list[Vraag], antw: A.Antwoorden) -> MultiDict[str, str]:
    """The answers as the fields of the form, to send along as hidden fields."""
    data: MultiDict[str, str] = MultiDict()
    for vraag in vragen:
        value = antw.ruw.get(vraag.id)
        if value in (None, "", [], {}):
            continue
        if vraag.soort == Soort.MEER:
            for v in value:
                data.add(f"v{vraag.id}", v)
        elif vraag.soort == Soort.RANGORDE:
            for oid, place in value.items():
                if place:
                    data.add(f"v{vraag.id}-{oid}", place)
        else:
            data.add(f"v{vraag.id}", value)
    if antw.wijk:
        data.add(A.WIJK_VELD, antw.wijk)
    if antw.leeftijd:
        data.add(A.LEEFTIJD_VELD, antw.leeftijd)
    return data


def _read(item: Peiling, form: Any, **kwargs: Any) -> A.Antwoorden:
    return A.lees(
        item.vragen_op_volgorde(),
        form,
        wijken=bevolking.WIJKEN if item.wegen else None,
        leeftijden=bevolking.LEEFTIJDEN if item.wegen else None,
        **kwargs,
    )


def render_pagina(
    item: Peiling,
    nummer: int,
    antw: A.Antwoorden | None,
    *,
    voorbeeld: bool = False,
    extra_errors: list[tuple[str | None, str]] | None = None,
    met_code: bool = False,
) -> Any:
    vragen = item.vragen_op_volgorde()
    paginas = pages(item)
    nummer = max(1, min(nummer, len(paginas) or 1))
    if antw is None:
        antw = _read(item, MultiDict(), verplicht=False)
    else:
        # Which questions show depends on the answers so far (the skip rule).
        kept = _read(item, as_formdata(vragen, antw), verplicht=False)
        antw.zichtbaar = kept.zichtbaar
        antw.gesloten = kept.gesloten
    sectie = paginas[nummer - 1] if paginas else None
    per = vragen_per_pagina(item)
    here = {v.id for v in per[sectie.id]} if sectie else set()
    earlier = set()
    for s in paginas[: nummer - 1]:
        earlier |= {v.id for v in per[s.id]}
    shown = [
        v
        for v in vragen
        if v.id in here
        and (
            voorbeeld
            or v.toon_als_vraag_id is None
            or v.toon_als_vraag_id not in earlier
            or v.id in antw.zichtbaar
        )
    ]
    on_page = {v.id for v in shown}
    hidden = [
        (k, v)
        for k, v in as_formdata([v for v in vragen if v.id not in on_page], antw).items(multi=True)
    ]
    if nummer == len(paginas):
        hidden = [(k, v) for k, v in hidden if k not in (A.WIJK_VELD, A.LEEFTIJD_VELD)]
    errors = list(antw.fouten) + list(extra_errors or [])
    response = render_template(
        "peilingen/invullen.html",
        item=item,
        sectie=sectie,
        nummer=nummer,
        aantal_paginas=len(paginas),
        vragen=shown,
        alle_vragen=vragen,
        positie={v.id: i for i, v in enumerate(vragen, start=1)},
        antw=antw,
        hidden=hidden,
        errors=errors,
        voorbeeld=voorbeeld,
        met_code=met_code,
        laatste=nummer == len(paginas),
        wijken=bevolking.WIJKEN,
        leeftijden=bevolking.LEEFTIJDEN,
        leeftijd_labels=bevolking.LEEFTIJD_LABELS,
        Soort=Soort,
        veld_id=A.veld_id,
    )
    return response, 400 if errors else 200


def _session_code(item: Peiling) -> codes.OneTimeCode | None:
    code_id = (session.get(SESSION_CODES) or {}).get(str(item.id))
    return services.code_van_peiling(item, code_id)


def _forget_code(item: Peiling) -> None:
    kept = dict(session.get(SESSION_CODES) or {})
    kept.pop(str(item.id), None)
    session[SESSION_CODES] = kept


def _page_of(item: Peiling, field_id: str | None) -> int | None:
    per = vragen_per_pagina(item)
    for i, sectie in enumerate(pages(item), start=1):
        if any(A.veld_id(v) == field_id for v in per[sectie.id]):
            return i
    return None


@custom_access
@limiter.limit(ANSWER_LIMIT, key_func=user_key, methods=["POST"])
def invullen(peiling_id: int) -> ResponseReturnValue:
    item = _peiling(peiling_id, whole=True)
    met_code = item.doelgroep == Doelgroep.PANEL
    code_row = None
    if met_code:
        code_row = _session_code(item)
        if code_row is None:
            if request.method == "POST" and permissions.can_answer_with_code(item):
                return render_template(
                    "peilingen/code.html", item=item, error=codes.wrong_message(), code=""
                ), 400
            return redirect(url_for("peilingen.code", peiling_id=item.id))
    else:
        if not current_user.is_authenticated:
            flash(_("Log eerst in. Daarna kunt u verder."), "info")
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        if not current_user.is_confirmed:
            flash(_("Bevestig eerst uw e-mailadres. Kijk in uw mail voor de link."), "warning")
            return redirect(url_for("accounts.bevestig_opnieuw"))
    allowed = (
        permissions.can_answer_with_code(item)
        if met_code
        else permissions.can_answer_with_account(current_user, item)
    )
    if not allowed:
        if request.method == "POST":
            return render_template("peilingen/niet_invullen.html", item=item), 400
        return render_template("peilingen/niet_invullen.html", item=item)
    vragen = item.vragen_op_volgorde()
    if request.method == "GET":
        raw = request.args.get("pagina", "1")
        nummer = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else 1
        stored = None if met_code else services.eigen_inzending(item, current_user)
        antw = A.uit_inzending(vragen, stored) if stored is not None else None
        return render_pagina(item, nummer, antw, met_code=met_code)
    raw = request.form.get("pagina", "1")
    nummer = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else 1
    paginas = pages(item)
    nummer = max(1, min(nummer, len(paginas) or 1))
    actie = request.form.get("actie", "volgende")
    if actie == "vorige":
        antw = _read(item, request.form, verplicht=False)
        antw.fouten = []
        return render_pagina(item, nummer - 1, antw, met_code=met_code)
    if actie == "opslaan" and not met_code:
        antw = _read(item, request.form, verplicht=False)
    elif actie == "versturen" and nummer == len(paginas):
        antw = _read(item, request.form)
    else:
        actie = "volgende"
        here = {v.id for v in vragen_per_pagina(item)[paginas[nummer - 1].id]} if paginas else set()
        antw = _read(item, request.form, controleer=here)
    if antw.fouten:
        first = next((f for f, _m in antw.fouten if f), None)
        page = _page_of(item, first) or nummer
        return render_pagina(item, page, antw, met_code=met_code)
    if actie == "volgende":
        return render_pagina(item, nummer + 1, antw, met_code=met_code)
    try:
        if met_code:
            assert code_row is not None
            services.bewaar_code(item, code_row.id, antw)
        else:
            first_time = services.bewaar_account(item, current_user, antw, af=actie == "versturen")
    except services.PeilingFout as error:
        db.session.rollback()
        return render_pagina(
            item, nummer, antw, met_code=met_code, extra_errors=[(None, str(error))]
        )
    db.session.commit()
    if met_code:
        _forget_code(item)
        return redirect(url_for("peilingen.klaar", peiling_id=item.id))
    if actie == "opslaan":
        flash(
            _("Uw antwoorden zijn bewaard. U kunt later verder, tot de peiling sluit."), "success"
        )
        return redirect(item.object_url())
    flash(
        _("Bedankt! Uw antwoorden zijn verstuurd.")
        if first_time
        else _("Uw antwoorden zijn aangepast."),
        "success",
    )
    return redirect(url_for("peilingen.klaar", peiling_id=item.id))


@custom_access
@limiter.limit(ANSWER_LIMIT, key_func=user_key, methods=["POST"])
def snel(peiling_id: int) -> ResponseReturnValue:
    """The answer to a quick poll, sent from the home page or a project page (snel.py).
    Back to that page (``terug``, a local path) with the result; on an error a page of its
    own with the error summary and the question (400)."""
    from open_nijmegen.peilingen.snel import is_snel, snelle_vraag
    from open_nijmegen.security import is_safe_next

    item = _peiling(peiling_id)
    vraag = snelle_vraag(item)
    if vraag is None or not (item.snel_home or item.snel_traject_id is not None):
        abort(404)
    terug = str(request.form.get("terug") or "")[:500].partition("#")[0]
    if not is_safe_next(terug):
        terug = item.object_url()
    if not current_user.is_authenticated:
        flash(_("Log eerst in. Daarna kunt u verder."), "info")
        return redirect(url_for("accounts.login", next=terug))
    if not current_user.is_confirmed:
        flash(_("Bevestig eerst uw e-mailadres. Kijk in uw mail voor de link."), "warning")
        return redirect(url_for("accounts.bevestig_opnieuw"))
    if not (is_snel(item) and permissions.can_answer_with_account(current_user, item)):
        return render_template("peilingen/niet_invullen.html", item=item), 400
    antw = A.lees([vraag], request.form)
    if not antw.fouten and str(vraag.id) not in antw.gesloten:
        antw.fouten.append((A.veld_id(vraag), _("Kies een van de antwoorden.")))
    if antw.fouten:
        return render_template(
            "peilingen/snel.html",
            item=item,
            vraag=vraag,
            antw=antw,
            errors=antw.fouten,
            terug=terug,
            veld_id=A.veld_id,
        ), 400
    try:
        services.bewaar_account(item, current_user, antw, af=True)
    except services.PeilingFout as error:
        db.session.rollback()
        flash(str(error), "warning")
        return redirect(terug)
    db.session.commit()
    flash(_("Bedankt! Uw antwoord is bewaard. Hieronder ziet u wat anderen kozen."), "success")
    return redirect(f"{terug}#snel-{item.id}")


@public
@limiter.limit(CODE_LIMIT, methods=["POST"])
def code(peiling_id: int) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    if not permissions.can_answer_with_code(item):
        status = 400 if request.method == "POST" else 200
        return render_template("peilingen/niet_invullen.html", item=item), status
    if request.method == "GET":
        return render_template("peilingen/code.html", item=item, error=None, code="")
    text = str(request.form.get("code") or "")[:64]
    try:
        row = codes.find(services.CODE_OWNER, item.id, text, request.remote_addr or "")
    except codes.CodeError as error:
        return render_template(
            "peilingen/code.html", item=item, error=error.message, code=text
        ), 400
    kept = dict(session.get(SESSION_CODES) or {})
    kept[str(item.id)] = row.id
    session[SESSION_CODES] = kept
    return redirect(url_for("peilingen.invullen", peiling_id=item.id))


@public
def klaar(peiling_id: int) -> ResponseReturnValue:
    item = _peiling(peiling_id)
    return render_template(
        "peilingen/klaar.html",
        item=item,
        can_change=permissions.can_answer_with_account(current_user, item)
        and services.heeft_deelgenomen(item, current_user),
        can_results=permissions.can_see_results(current_user, item),
    )


@public
def uitslag(peiling_id: int) -> ResponseReturnValue:
    from open_nijmegen.peilingen.uitslag import bereken

    item = _peiling(peiling_id)
    if not permissions.can_see_results(current_user, item):
        return render_template("peilingen/uitslag_nog_niet.html", item=item)
    return render_template(
        "peilingen/uitslag.html",
        item=item,
        uitslag=bereken(item),
        Soort=Soort,
        live=item.staat() == Staat.OPEN,
    )


@public
def uitsplitsing(peiling_id: int, per: str) -> ResponseReturnValue:
    """The results per wijk or per age group, when the officer turned that on."""
    from open_nijmegen.peilingen import uitsplitsing as U

    item = _peiling(peiling_id)
    if per not in U.PER or not (item.uitsplitsen and item.wegen):
        abort(404)
    if not permissions.can_see_results(current_user, item):
        return render_template("peilingen/uitslag_nog_niet.html", item=item)
    return render_template(
        "peilingen/uitsplitsing.html",
        item=item,
        per=per,
        per_label=U.PER[per],
        per_keuzes=list(U.PER.items()),
        vragen=U.bereken(item, per),
        live=item.staat() == Staat.OPEN,
    )


@public
def uitslag_csv(peiling_id: int) -> ResponseReturnValue:
    """The results as open data: the figures of the page, the same cells hidden."""
    from open_nijmegen.core.csvfile import csv_response
    from open_nijmegen.peilingen.uitslag import AANVULLEND, KLEIN, bereken

    item = _peiling(peiling_id)
    if not permissions.can_see_results(current_user, item):
        abort(404)
    result = bereken(item, open_teksten=False)

    def cell(value: float | None) -> str:
        return "" if value is None else f"{value:.1f}"

    why = {KLEIN: _("minder dan 5"), AANVULLEND: _("anders uit te rekenen"), None: ""}
    rows = []
    for r in result.vragen:
        for g in r.regels:
            rows.append(
                [
                    r.vraag.tekst,
                    g.label,
                    "" if g.aantal is None else g.aantal,
                    cell(g.procent),
                    cell(g.gewogen),
                    cell(g.marge),
                    why[g.verborgen],
                ]
            )
    return csv_response(
        f"peiling-{item.id}-uitslag.csv",
        [
            _("vraag"),
            _("antwoord"),
            _("aantal (leeg: niet getoond)"),
            _("procent"),
            _("procent gewogen"),
            _("foutmarge"),
            _("waarom niet getoond"),
        ],
        rows,
    )


@public
def atom() -> ResponseReturnValue:
    """The published results: one entry per peiling whose results are public."""
    from open_nijmegen.api.feeds import Entry
    from open_nijmegen.api.feeds import atom as atom_feed
    from open_nijmegen.core.urls import external_url

    items = db.session.scalars(
        sa.select(Peiling)
        .where(Peiling.gepubliceerd_op.is_not(None))
        .order_by(Peiling.sluit_op.desc())
        .limit(50)
    )
    entries = [
        Entry(
            key=f"peiling/{item.id}/uitslag",
            title=_("Uitslag: %(t)s", t=item.titel),
            updated=min(item.sluit_op, utcnow()) if item.uitslag_live else item.sluit_op,
            published=item.sluit_op if not item.uitslag_live else item.opent_op,
            link=external_url("peilingen.uitslag", peiling_id=item.id),
            summary=_("%(n)s mensen vulden de vragen in.", n=services.aantal_inzendingen(item.id)),
        )
        for item in items
        if permissions.can_see_results(None, item)
    ]
    return atom_feed(
        "peilingen",
        "Uitslagen van peilingen – Open Nijmegen",
        "peilingen.atom",
        external_url("peilingen.index"),
        entries,
    )
