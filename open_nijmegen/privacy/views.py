"""Privacy pages: see and download your data, erase your account, and the officer's erasure
on someone's behalf."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from open_nijmegen.accounts.models import User
from open_nijmegen.accounts.passwords import verify_password
from open_nijmegen.core.csvfile import csv_download
from open_nijmegen.core.dates import datumtijd
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.forms import BaseForm
from open_nijmegen.core.permissions import beheerder_required, login_required, public
from open_nijmegen.extensions import db, limiter
from open_nijmegen.privacy import export, verzoeken
from open_nijmegen.privacy.erasure import ErasureError, erase_user
from open_nijmegen.privacy.forms import (
    CONFIRM_PHRASE,
    ConfirmEraseForm,
    EraseWithPasswordForm,
    EraseWithPhraseForm,
    OfficerEraseForm,
)
from open_nijmegen.privacy.permissions import (
    can_confirm_erasure,
    can_erase_on_behalf,
    can_erase_own_account,
)
from open_nijmegen.privacy.retention import retention_terms

ERASE_LIMIT = "10 per minute;40 per hour"
PAGE_ROWS = 50


def show(value: object) -> str:
    """A value as a resident reads it."""
    from datetime import date, datetime

    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime):
        return datumtijd(value)
    if isinstance(value, date):
        from open_nijmegen.core.dates import datum

        return datum(value)
    return str(getattr(value, "value", value))


@login_required
def mijn_gegevens() -> ResponseReturnValue:
    sections = export.collect(current_user)
    return render_template(
        "privacy/mijn_gegevens.html", sections=sections, show=show, page_rows=PAGE_ROWS
    )


def _download(body: str, mimetype: str, extension: str) -> Response:
    stamp = utcnow().strftime("%Y-%m-%d")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="mijn-gegevens-open-nijmegen-{stamp}.{extension}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@login_required
def download_json() -> ResponseReturnValue:
    sections = export.collect(current_user)
    return _download(
        export.to_json(current_user, sections), "application/json; charset=utf-8", "json"
    )


@login_required
def download_csv() -> ResponseReturnValue:
    sections = export.collect(current_user)
    stamp = utcnow().strftime("%Y-%m-%d")
    return csv_download(
        export.to_csv(current_user, sections),
        f"mijn-gegevens-open-nijmegen-{stamp}.csv",
        headers={"Cache-Control": "no-store"},
    )


@login_required
@limiter.limit(ERASE_LIMIT, methods=["POST"])
def verwijderen() -> ResponseReturnValue:
    user = current_user._get_current_object()
    if not can_erase_own_account(user):
        return render_template("privacy/verwijderen_medewerker.html")
    with_password = bool(user.password_hash)
    form = EraseWithPasswordForm() if with_password else EraseWithPhraseForm()
    if form.validate_on_submit():
        if with_password and not verify_password(user.password_hash, form.password.data):
            form.password.errors.append(_("Uw wachtwoord klopt niet."))
        else:
            erase_user(user, via="zelf")
            db.session.commit()
            logout_user()
            session.clear()
            return redirect(url_for("privacy.gewist"))
    return render_template(
        "privacy/verwijderen.html",
        form=form,
        zin=CONFIRM_PHRASE,
        with_password=with_password,
        terms=retention_terms(),
    )


@public
def gewist() -> ResponseReturnValue:
    """Shown after the erasure, when the person is logged out already."""
    return render_template("privacy/gewist.html")


def _erasable(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.is_placeholder:
        abort(404)
    return user


def _wissen_page(user: User, form: Any = None, confirm_form: Any = None, status: int = 200):  # type: ignore[no-untyped-def]
    request_row = verzoeken.pending_request(user) if user.erased_at is None else None
    return (
        render_template(
            "privacy/wissen_namens.html",
            user=user,
            done=user.erased_at is not None,
            may_erase=can_erase_on_behalf(current_user, user),
            request_row=request_row,
            may_confirm=request_row is not None
            and can_confirm_erasure(current_user, user, request_row),
            form=form or OfficerEraseForm(),
            confirm_form=confirm_form or ConfirmEraseForm(),
        ),
        status,
    )


@beheerder_required
@limiter.limit(ERASE_LIMIT, methods=["POST"])
def wissen_namens(user_id: int) -> ResponseReturnValue:
    """Step 1: a beheerder records the person's request to erase their account."""
    user = _erasable(user_id)
    if user.erased_at is not None:
        return _wissen_page(user)
    if not can_erase_on_behalf(current_user, user):
        abort(403)
    form = OfficerEraseForm()
    if request.method == "POST":
        if verzoeken.pending_request(user) is not None:
            return redirect(url_for("privacy.wissen_namens", user_id=user.id))
        if form.validate_on_submit():
            verzoeken.request_erasure(current_user, user, form.kenmerk.data.strip())
            db.session.commit()
            flash(
                _("Het verzoek staat klaar. Een andere beheerder moet het wissen nu bevestigen."),
                "success",
            )
            return redirect(url_for("privacy.wissen_namens", user_id=user.id))
        return _wissen_page(user, form=form, status=400)
    return _wissen_page(user, form=form)


@beheerder_required
@limiter.limit(ERASE_LIMIT, methods=["POST"])
def wissen_bevestigen(user_id: int) -> ResponseReturnValue:
    """Step 2: a second beheerder confirms, and the account is erased."""
    user = _erasable(user_id)
    request_row = verzoeken.pending_request(user) if user.erased_at is None else None
    if request_row is None:
        return redirect(url_for("privacy.wissen_namens", user_id=user.id))
    if not can_confirm_erasure(current_user, user, request_row):
        abort(403)
    form = ConfirmEraseForm()
    if not form.validate_on_submit():
        return _wissen_page(user, confirm_form=form, status=400)
    try:
        verzoeken.confirm(current_user, user, request_row)
    except ErasureError as error:
        db.session.rollback()
        form.bevestig.errors.append(str(error))
        return _wissen_page(user, confirm_form=form, status=400)
    db.session.commit()
    flash(_("Het account is gewist. Dit staat in het logboek."), "success")
    return redirect(url_for("beheer.dashboard"))


@beheerder_required
def wissen_intrekken(user_id: int) -> ResponseReturnValue:
    """Either beheerder withdraws the request before it is confirmed."""
    user = _erasable(user_id)
    form = BaseForm()
    if form.validate_on_submit() and verzoeken.pending_request(user) is not None:
        verzoeken.withdraw(current_user, user)
        db.session.commit()
        flash(_("Het verzoek is ingetrokken. Het account blijft bestaan."), "success")
    return redirect(url_for("privacy.wissen_namens", user_id=user.id))
