"""Begroten: residents decide how a budget is spent, counted with the Method of Equal Shares;
anyone can recount from the anonymous .pb file. ``init_app`` registers routes and the CLI."""

from __future__ import annotations

from typing import Any


def init_app(app: Any) -> None:
    from open_nijmegen.begroten.api import bp as api_bp
    from open_nijmegen.begroten.blueprint import beheer_bp, bp
    from open_nijmegen.begroten.cli import register_cli

    app.register_blueprint(bp)
    app.register_blueprint(beheer_bp)
    app.register_blueprint(api_bp)
    register_cli(app)
