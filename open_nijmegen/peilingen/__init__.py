"""Peilingen en enquêtes (issue 18): questionnaires in pages, answered by confirmed accounts
or by a panel with one-time codes, anonymous by design, with results weighted to the
population (``weging``). ``init_app`` registers the routes and the CLI."""

from __future__ import annotations

from typing import Any


def init_app(app: Any) -> None:
    from open_nijmegen.peilingen.api import bp as api_bp
    from open_nijmegen.peilingen.blueprint import beheer_bp, bp
    from open_nijmegen.peilingen.cli import register_cli

    app.register_blueprint(bp)
    app.register_blueprint(beheer_bp)
    app.register_blueprint(api_bp)
    register_cli(app)
