"""Route tables for the public pages (``uitdaagrecht``) and the officer pages
(``uitdaagrecht_beheer``).

Importing this module plugs the module into the shared pages (home, menus, dashboard) and
declares its settings and demo data; every registration is idempotent.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint

from open_nijmegen.core.registry import DashboardPanel, NavItem, registry
from open_nijmegen.uitdaagrecht import beheer_views, demo, privacy, settings, views  # noqa: F401
from open_nijmegen.uitdaagrecht.termijnen import format_datum

privacy.register_purger()

bp = Blueprint("uitdaagrecht", __name__, url_prefix="/uitdaagrecht", template_folder="templates")
beheer_bp = Blueprint("uitdaagrecht_beheer", __name__, url_prefix="/beheer/uitdaagrecht")

GET_POST = ["GET", "POST"]
POST = ["POST"]
V = views
bp.add_url_rule("", "index", V.index)
bp.add_url_rule("/register", "register", V.register)
bp.add_url_rule("/nieuw", "nieuw", V.nieuw, methods=GET_POST)
bp.add_url_rule(
    "/concept/<int:concept_id>/stap/<int:nummer>", "concept_stap", V.concept_stap, methods=GET_POST
)
bp.add_url_rule(
    "/concept/<int:concept_id>/bijlage/<int:upload_id>/verwijderen",
    "bijlage_verwijderen",
    V.bijlage_verwijderen,
    methods=POST,
)
bp.add_url_rule("/concept/<int:concept_id>/controleren", "controleren", V.controleren)
bp.add_url_rule("/concept/<int:concept_id>/indienen", "indienen", V.indienen, methods=POST)
bp.add_url_rule(
    "/concept/<int:concept_id>/verwijderen",
    "concept_verwijderen",
    V.concept_verwijderen,
    methods=GET_POST,
)
bp.add_url_rule("/mijn", "mijn_lijst", V.mijn_lijst)
bp.add_url_rule("/mijn/<referentie>", "mijn", V.mijn)
bp.add_url_rule("/mijn/<referentie>/intrekken", "intrekken", V.intrekken, methods=GET_POST)
bp.add_url_rule("/mijn/<referentie>/<actie>", "mijn_stap", V.mijn_stap, methods=POST)

B = beheer_views
beheer_bp.add_url_rule("", "index", B.index)
beheer_bp.add_url_rule("/<referentie>", "zaak", B.zaak)
beheer_bp.add_url_rule("/<referentie>/stap/<scope>/<actie>", "stap", B.stap, methods=POST)
beheer_bp.add_url_rule("/<referentie>/beoordeling", "beoordeling", B.beoordeling, methods=POST)
beheer_bp.add_url_rule("/<referentie>/register", "publiek", B.publiek, methods=POST)


@bp.app_template_filter("ur_datum")
def ur_datum(value: date | str | None, met_weekdag: bool = True) -> str:
    """A date (or an ISO date string, as stored in JSON) in Dutch: "dinsdag 6 januari 2026"."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return format_datum(value, met_weekdag=met_weekdag)


registry.add_home_section("uitdaagrecht/_home.html", order=20)
registry.add_nav_item(NavItem("uitdaagrecht.index", "Uitdaagrecht", 20))
registry.add_nav_item(
    NavItem("uitdaagrecht_beheer.index", "Uitdaagrecht", 20, area="uitdaagrecht"), staff=True
)
registry.add_dashboard_panel(
    DashboardPanel(
        key="uitdaagrecht",
        title="Uitdaagrecht",
        template="uitdaagrecht/beheer/_dashboard.html",
        context=beheer_views.dashboard_context,
        area="uitdaagrecht",
        order=20,
    )
)
