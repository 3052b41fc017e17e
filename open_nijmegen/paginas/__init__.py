"""Pages officers edit: the home intro, Over, Privacy, Toegankelijkheid and new pages at
``/p/<slug>``, written in a small Markdown subset (``markdown.py``), with a version history,
restore and an audit line per change. The shipped texts (``standaard/*.md``) are version 1:
a page shows them until an officer saves a change. Editing needs the work area "inhoud"
(the beheerder has every work area)."""

from __future__ import annotations

from typing import Any


def init_app(app: Any) -> None:
    from open_nijmegen.paginas import demo  # noqa: F401  (registers the demo seeder)
    from open_nijmegen.paginas.blueprint import beheer_bp, bp

    app.register_blueprint(bp)
    app.register_blueprint(beheer_bp)
