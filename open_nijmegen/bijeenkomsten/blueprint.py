"""Route tables for the public pages (``bijeenkomsten``) and the officer pages
(``bijeenkomsten_beheer``).

Importing this module plugs the module into the shared pages (home, menus, dashboard, the
pages of what an event belongs to), declares its settings, demo data, jobs and personal data;
all idempotent.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from open_nijmegen.bijeenkomsten import (  # noqa: F401
    beheer_views,
    demo,
    jobs,
    mijn,
    privacy,
    settings,
    views,
)
from open_nijmegen.core.audit import register_audit_labels
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.registry import DashboardPanel, NavItem, ObjectPanel, registry

bp = Blueprint("bijeenkomsten", __name__, url_prefix="/bijeenkomsten", template_folder="templates")
beheer_bp = Blueprint("bijeenkomsten_beheer", __name__, url_prefix="/beheer/bijeenkomsten")

GET_POST = ["GET", "POST"]
POST = ["POST"]
V = views
bp.add_url_rule("", "index", V.index)
bp.add_url_rule("/agenda.ics", "ics_alle", V.ics_alle)
bp.add_url_rule("/agenda/<object_type>-<int:object_id>.ics", "ics_van", V.ics_van)
bp.add_url_rule("/bijeenkomsten.atom", "atom", V.atom)
bp.add_url_rule("/bevestigen/<token>", "bevestigen", V.bevestigen, methods=GET_POST)
bp.add_url_rule("/afmelden/<token>", "afmelden", V.afmelden, methods=GET_POST)
bp.add_url_rule("/<int:bijeenkomst_id>", "short", V.short)
bp.add_url_rule("/<int:bijeenkomst_id>-<slug>", "detail", V.detail)
bp.add_url_rule("/<int:bijeenkomst_id>.ics", "ics", V.ics)
bp.add_url_rule("/<int:bijeenkomst_id>/online", "online", V.online)
bp.add_url_rule("/<int:bijeenkomst_id>/aanmelden", "aanmelden", V.aanmelden, methods=GET_POST)
bp.add_url_rule("/<int:bijeenkomst_id>/afmelden", "afmelden_eigen", V.afmelden_eigen, methods=POST)

B = beheer_views
R = "/<int:bijeenkomst_id>"
beheer_bp.add_url_rule("", "index", B.index)
beheer_bp.add_url_rule("/nieuw", "nieuw", B.nieuw, methods=GET_POST)
beheer_bp.add_url_rule(R, "bijeenkomst", B.bijeenkomst)
beheer_bp.add_url_rule(f"{R}/bewerken", "bewerken", B.bewerken, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/deelnemers", "deelnemers", B.deelnemers)
beheer_bp.add_url_rule(f"{R}/deurlijst.csv", "deurlijst", B.deurlijst)
beheer_bp.add_url_rule(f"{R}/annuleren", "annuleren", B.annuleren, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/bericht", "bericht", B.bericht, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/verslag", "verslag", B.verslag, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/fotos/<int:upload_id>/weg", "foto_weg", B.foto_weg, methods=POST)


def _dashboard_context(user: Any) -> dict[str, Any]:
    from open_nijmegen.bijeenkomsten import queries
    from open_nijmegen.extensions import db

    return {
        "komend": len(db.session.scalars(queries.upcoming()).all()),
        "verslag_nodig": queries.needs_report(),
    }


def _panel_context(object_type: str, object_id: int) -> dict[str, Any] | None:
    from open_nijmegen.bijeenkomsten import queries
    from open_nijmegen.extensions import db

    items = list(db.session.scalars(queries.belonging_to(object_type, object_id).limit(20)))
    if not items:
        return None
    return {
        "bijeenkomsten": items,
        "object_type": object_type,
        "object_id": object_id,
    }


registry.add_home_section("bijeenkomsten/_home.html", order=40)
registry.add_nav_item(NavItem("bijeenkomsten.index", "Bijeenkomsten", 40))
registry.add_nav_item(
    NavItem("bijeenkomsten_beheer.index", "Bijeenkomsten", 40, area="bijeenkomsten"), staff=True
)
registry.add_dashboard_panel(
    DashboardPanel(
        key="bijeenkomsten",
        title="Bijeenkomsten",
        template="bijeenkomsten/_dashboard.html",
        context=_dashboard_context,
        area="bijeenkomsten",
        order=40,
    )
)
registry.add_object_panel(
    ObjectPanel("bijeenkomsten", "bijeenkomsten/_panel.html", _panel_context, order=40)
)


@bp.app_context_processor
def _bijeenkomsten_globals() -> dict[str, Any]:
    from open_nijmegen.bijeenkomsten import queries
    from open_nijmegen.extensions import db

    def bijeenkomsten_home(limit: int = 3) -> list[Any]:
        return list(db.session.scalars(queries.upcoming().limit(limit)))

    return {"bijeenkomsten_home": bijeenkomsten_home}


register_audit_labels(
    {
        "bijeenkomst.gemaakt": N_("Bijeenkomst gemaakt"),
        "bijeenkomst.aangepast": N_("Bijeenkomst aangepast"),
        "bijeenkomst.geannuleerd": N_("Bijeenkomst afgezegd"),
        "bijeenkomst.bericht": N_("Bericht gestuurd aan de deelnemers"),
        "bijeenkomst.verslag": N_("Verslag op de site gezet"),
    }
)
