"""Error pages in B1 Dutch with a way back; never a stack trace."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from wtforms import HiddenField, PasswordField, StringField
from wtforms.fields.core import UnboundField

from open_nijmegen.core.db_requests import retry_after_lost_connection
from open_nijmegen.extensions import db
from open_nijmegen.security import is_safe_next


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Dit verzoek klopt niet"),
            _("De website begrijpt dit verzoek niet. Probeer het opnieuw."),
        ),
        403: (
            _("U mag deze pagina niet zien"),
            _("U hebt geen toegang tot deze pagina. Bent u ingelogd met het goede account?"),
        ),
        404: (
            _("Deze pagina bestaat niet"),
            _("Misschien is de pagina weg. Of er staat een fout in het adres."),
        ),
        405: (
            _("Dit kan zo niet"),
            _("Deze pagina werkt niet op deze manier. Ga terug en probeer het opnieuw."),
        ),
        413: (
            _("Het bestand is te groot"),
            _("Kies een kleiner bestand. Probeer het daarna opnieuw."),
        ),
        429: (
            _("Even wachten"),
            _("U hebt het te vaak geprobeerd. Wacht een paar minuten. Probeer het daarna opnieuw."),
        ),
        500: (
            _("Er ging iets mis"),
            _("Dit is onze fout. Probeer het over een paar minuten opnieuw."),
        ),
        503: (
            _("De website is even niet beschikbaar"),
            _("Probeer het over een paar minuten opnieuw."),
        ),
    }


def render_error(code: int):  # type: ignore[no-untyped-def]
    title, text = _messages().get(code, _messages()[500])
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify(error=title, message=text, status=code), code
    return render_template("errors/error.html", code=code, title=title, text=text), code


# Never shown back, whatever form they come from.
_SECRET_NAME = re.compile(r"password|wachtwoord|token|secret|code|totp", re.IGNORECASE)


def _same_origin_form_post() -> bool:
    """A form sent from a page of this site (the browser says so in Origin or Referer)."""
    if request.method != "POST" or request.path.startswith("/api/") or not request.form:
        return False
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and urlsplit(source).netloc == request.host


def _form_classes() -> list[type]:
    from open_nijmegen.core.forms import BaseForm

    found, todo = [], [BaseForm]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def _unbound_fields(cls: type) -> dict[str, UnboundField]:
    return {
        name: value
        for name in dir(cls)
        if isinstance(value := getattr(cls, name, None), UnboundField)
    }


def typed_text() -> list[tuple[str, str]]:
    """What the visitor typed in the text fields of the refused form, with the fields' labels:
    (label, text). The form class is the one whose fields best match the sent names; only its
    text fields count (no passwords, codes, hidden fields, choices or files)."""
    sent = set(request.form.keys())
    best: dict[str, UnboundField] = {}
    for cls in _form_classes():
        fields = _unbound_fields(cls)
        if len(sent & fields.keys()) > len(sent & best.keys()):
            best = fields
    shown = []
    for name in dict.fromkeys(request.form.keys()):  # in the order of the form on the page
        unbound = best.get(name)
        if unbound is None:
            continue
        kind = unbound.field_class
        if (
            not issubclass(kind, StringField)
            or issubclass(kind, (PasswordField, HiddenField))
            or _SECRET_NAME.search(name)
        ):
            continue
        label = unbound.args[0] if unbound.args else unbound.kwargs.get("label") or name
        shown.extend((str(label), value) for value in request.form.getlist(name) if value.strip())
    return shown


def csrf_refused():  # type: ignore[no-untyped-def]
    """A form whose CSRF token is missing or no longer valid (mostly: the session ended while
    the visitor was typing). The form is not handled. When it came from this site, the page
    shows what was typed, so nothing is lost: the visitor copies it back into the form."""
    if not _same_origin_form_post():
        return render_error(400)
    referer = urlsplit(request.headers.get("Referer") or "")
    back = referer.path + (f"?{referer.query}" if referer.query else "")
    response = make_response(
        render_template(
            "errors/csrf.html",
            typed=typed_text(),
            files=any(f.filename for f in request.files.values()),
            back=back if referer.netloc == request.host and is_safe_next(back) else None,
        ),
        400,
    )
    response.headers["Cache-Control"] = "no-store"  # it holds what the visitor typed
    return response


def _forbidden_reason() -> str:
    """Why a 403 was given, from the access rule the endpoint declared (``core.permissions``)."""
    from flask_login import current_user

    from open_nijmegen.core.permissions import WORK_AREA_ATTR, access_level

    endpoint = request.endpoint
    level = access_level(endpoint) if endpoint else None
    if level is None or (request.path.startswith("/beheer") and level not in STAFF_LEVELS):
        return "no_access_rule"
    user = current_user
    if level == "beheerder" and not getattr(user, "is_beheerder", False):
        return "not_beheerder"
    if level == "staff":
        if not getattr(user, "is_staff", False):
            return "not_staff"
        area = getattr(app_view(endpoint), WORK_AREA_ATTR, None)
        if area is not None and not user.has_work_area(area):
            return "wrong_work_area"
    return "refused_by_page"


STAFF_LEVELS = frozenset({"staff", "beheerder"})


def app_view(endpoint: str) -> Any:
    from flask import current_app

    return current_app.view_functions.get(endpoint)


def _record(code: int) -> None:
    """403 and 429 are refusals: recorded as events (``core.refusals``)."""
    from open_nijmegen.core.refusals import RefusalKind, record_refusal

    db.session.rollback()  # the refused request keeps nothing; the event has its own commit
    if code == 403:
        record_refusal(RefusalKind.FORBIDDEN, _forbidden_reason())
    elif code == 429:
        record_refusal(RefusalKind.RATE_LIMITED, "too_many_requests")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        from open_nijmegen.core.refusals import RefusalKind, record_refusal

        app.logger.info("CSRF refused on %r: %s", request.path, error.description)
        db.session.rollback()
        # From a page of this site: mostly a form left open until the session ended. From
        # elsewhere (no Origin/Referer of this site): what a forged cross-site post looks like.
        reason = "form_expired" if _same_origin_form_post() else "csrf_cross_site"
        record_refusal(RefusalKind.FORBIDDEN, reason)
        return csrf_refused()

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        if code < 400:
            return error
        if code in (403, 429):
            _record(code)
        response = render_error(code if code in _messages() else 400)
        if code == 405 and error.get_response().headers.get("Allow"):
            resp = app.make_response(response)
            resp.headers["Allow"] = error.get_response().headers["Allow"]
            return resp
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):  # type: ignore[no-untyped-def]
        if isinstance(error, HTTPException):
            return http_error(error)
        retried = retry_after_lost_connection(error)
        if retried is not None:
            return retried
        db.session.rollback()
        app.logger.exception("unexpected error on %s %r", request.method, request.path)
        if app.config.get("PROPAGATE_UNEXPECTED"):
            raise error
        return render_error(InternalServerError.code)
