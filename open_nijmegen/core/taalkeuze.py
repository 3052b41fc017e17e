"""The language choice: ``GET /taal-kiezen`` shows it, ``POST`` saves it and goes back.

The header links here (the same link on every page, so the header of visitors stays cached
and sets no cookie). The form is a POST with a CSRF token: it keeps the choice in the
``on_taal`` cookie for a visitor and in the account (``User.locale``) for a resident, and goes
back to the page the visitor came from, in the chosen language.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from open_nijmegen.core import i18n
from open_nijmegen.core.permissions import public
from open_nijmegen.extensions import db


def _page_path(value: str | None) -> str:
    """A path inside the site (without the language part), or "/"."""
    from open_nijmegen.security import is_safe_next

    if not value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        site = urlsplit(request.host_url)
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            return "/"
        value = parts.path + ("?" + parts.query if parts.query else "")
    root = i18n.base_script_root()
    if root and (value == root or value.startswith(root + "/")):
        value = value[len(root) :] or "/"
    for code in i18n.prefixed_locales():
        if value == "/" + code or value.startswith(f"/{code}/") or value.startswith(f"/{code}?"):
            value = value[len(code) + 1 :] or "/"
            if value.startswith("?"):
                value = "/" + value
            break
    if not is_safe_next(value) or value.startswith("/taal-kiezen"):
        return "/"
    return value


@public
def taal_kiezen() -> ResponseReturnValue:
    if request.method == "POST":
        chosen = i18n.valid_locale(request.form.get("taal"))
        terug = _page_path(request.form.get("terug"))
        if chosen is None:
            return render_template(
                "core/taalkeuze.html", terug=terug, languages=i18n.LANGUAGES, error=True
            ), 400
        if current_user.is_authenticated:
            current_user.locale = chosen
            db.session.commit()
        response = redirect(i18n.url_in(chosen, terug), code=303)
        response.set_cookie(
            i18n.COOKIE,
            chosen,
            max_age=i18n.COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            path=current_app.config.get("APPLICATION_ROOT") or "/",
        )
        return response
    terug = _page_path(request.args.get("terug") or request.referrer)
    return render_template(
        "core/taalkeuze.html", terug=terug, languages=i18n.LANGUAGES, error=False
    )
