"""Error pages in B1 Dutch with a way back; never a stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from open_nijmegen.core.db_requests import retry_after_lost_connection
from open_nijmegen.extensions import db


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


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        app.logger.info("CSRF refused on %r: %s", request.path, error.description)
        return render_error(400)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        if code < 400:
            return error
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
