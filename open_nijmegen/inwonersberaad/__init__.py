"""Inwonersberaad: a fair, verifiable lottery, a closed dossier for members, the advice and the
municipality's response, followed to the end. ``init_app`` registers routes and the CLI."""

from __future__ import annotations

from typing import Any


def init_app(app: Any) -> None:
    from open_nijmegen.inwonersberaad.blueprint import beheer_bp, bp
    from open_nijmegen.inwonersberaad.cli import register_cli

    app.register_blueprint(bp)
    app.register_blueprint(beheer_bp)
    register_cli(app)
