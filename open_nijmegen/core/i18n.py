"""Flask-Babel: Dutch source strings, Europe/Amsterdam times."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, g
from flask_babel import get_translations

from open_nijmegen.extensions import babel

SUPPORTED_LOCALES = ("nl",)


def translations() -> Any:
    """Flask-Babel's translations for this request, looked up once.

    Flask-Babel resolves the context, domain and locale on every call (some microseconds);
    a page makes about forty calls. The locale cannot change within one request.
    """
    try:
        return g._on_translations
    except AttributeError:
        g._on_translations = found = get_translations()
        return found


def configure_babel(app: Flask) -> None:
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", os.path.join(app.root_path, "translations")
    )
    babel.init_app(app, locale_selector=lambda: "nl", timezone_selector=lambda: "Europe/Amsterdam")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
