"""Residents read a page; officers with the work area "inhoud" change it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.core.permissions import public, staff_required
from open_nijmegen.extensions import db
from open_nijmegen.paginas import services
from open_nijmegen.paginas.forms import NieuwePaginaForm, PaginaForm
from open_nijmegen.paginas.markdown import render

INHOUD = staff_required(WorkArea.INHOUD)


@public
def pagina(slug: str) -> ResponseReturnValue:
    vast = services.VASTE_PAGINAS.get(slug)
    if vast is not None:
        return redirect(url_for(vast.endpoint), 301)
    tekst = services.current(slug)
    if tekst is None:
        abort(404)
    return render_template("paginas/pagina.html", pagina=tekst, html=render(tekst.tekst))


@INHOUD
def lijst() -> ResponseReturnValue:
    return render_template(
        "paginas/beheer/lijst.html", paginas=services.all_pages(), vast=services.VASTE_PAGINAS
    )


def _public_url(slug: str) -> str:
    vast = services.VASTE_PAGINAS.get(slug)
    return url_for(vast.endpoint) if vast else url_for("paginas.pagina", slug=slug)


def _form_page(form: PaginaForm, slug: str | None, code: int, preview: bool) -> ResponseReturnValue:
    tekst = services.current(slug) if slug else None
    return render_template(
        "paginas/beheer/bewerken.html",
        form=form,
        slug=slug,
        pagina=tekst,
        vast=services.VASTE_PAGINAS.get(slug or ""),
        versies=services.history(slug) if slug else [],
        voorbeeld=render(form.tekst.data or "") if preview else None,
        public_url=_public_url(slug) if slug else None,
    ), code


@INHOUD
def bewerken(slug: str) -> ResponseReturnValue:
    tekst = services.current(slug)
    if tekst is None:
        abort(404)
    form = PaginaForm(data={"titel": tekst.titel, "tekst": tekst.tekst})
    preview = "voorbeeld" in request.form
    if form.validate_on_submit():
        if preview:
            return _form_page(form, slug, 200, True)
        saved = services.save(current_user, slug, form.titel.data, form.tekst.data)
        db.session.commit()
        if saved is None:
            flash(_("Er was niets veranderd. Er is geen nieuwe versie gemaakt."), "info")
        else:
            flash(_("De pagina is opgeslagen. Iedereen ziet nu de nieuwe tekst."), "success")
        return redirect(url_for("paginas_beheer.bewerken", slug=slug))
    return _form_page(form, slug, 400 if request.method == "POST" else 200, False)


@INHOUD
def nieuw() -> ResponseReturnValue:
    form = NieuwePaginaForm()
    preview = "voorbeeld" in request.form
    if form.validate_on_submit():
        if preview:
            return _form_page(form, None, 200, True)
        slug = form.slug.data.strip()
        services.save(current_user, slug, form.titel.data, form.tekst.data)
        db.session.commit()
        flash(_("De pagina is gemaakt. Iedereen kan hem nu lezen."), "success")
        return redirect(url_for("paginas_beheer.bewerken", slug=slug))
    return _form_page(form, None, 400 if request.method == "POST" else 200, False)


@INHOUD
def terugzetten(slug: str, nummer: int) -> ResponseReturnValue:
    versie = services.restore(current_user, slug, nummer)
    if versie is None:
        abort(404)
    db.session.commit()
    flash(_("Versie %(nummer)s staat weer op de site.", nummer=nummer), "success")
    return redirect(url_for("paginas_beheer.bewerken", slug=slug))
