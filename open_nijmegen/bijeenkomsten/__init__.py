"""Bijeenkomsten: meetings and events with registration, a waiting list, reminders and
calendar feeds. ``init_app`` registers the routes; importing the blueprint plugs the module
into the shared pages, jobs, settings, demo data and the privacy registry."""

from __future__ import annotations

from typing import Any


def init_app(app: Any) -> None:
    from open_nijmegen.bijeenkomsten.api import bp as api_bp
    from open_nijmegen.bijeenkomsten.blueprint import beheer_bp, bp

    app.register_blueprint(bp)
    app.register_blueprint(beheer_bp)
    app.register_blueprint(api_bp)
