"""Flask-Babel: Dutch source strings, Europe/Amsterdam times."""

from __future__ import annotations

from flask import Flask

from open_nijmegen.extensions import babel

SUPPORTED_LOCALES = ("nl",)


def configure_babel(app: Flask) -> None:
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES",
        __import__("os").path.join(app.root_path, "translations"),
    )
    babel.init_app(app, locale_selector=lambda: "nl", timezone_selector=lambda: "Europe/Amsterdam")
