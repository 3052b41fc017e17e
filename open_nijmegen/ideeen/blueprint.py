"""Route tables for the public pages (``ideeen``) and the officer pages (``ideeen_beheer``).

Importing this module plugs the module into the shared pages (home, menus, dashboard) and
declares its settings and demo data; every registration is idempotent.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from open_nijmegen.core.audit import register_audit_labels
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.refusals import register_reasons
from open_nijmegen.core.registry import DashboardPanel, LinkTarget, NavItem, registry
from open_nijmegen.ideeen import (  # noqa: F401
    beheer_views,
    demo,
    demo_projecten,
    mijn,
    projecten,
    resultaten,  # noqa: F401 (figures on /resultaten)
    settings,
    similar_views,
    views,
)
from open_nijmegen.ideeen.permissions import SUPPORT_REFUSALS

# Followers may choose a daily digest: make sure its job handler is registered.
from open_nijmegen.notifications import digest  # noqa: F401, E402

register_reasons(SUPPORT_REFUSALS)  # why a support was refused, in words

bp = Blueprint("ideeen", __name__, url_prefix="/ideeen", template_folder="templates")
beheer_bp = Blueprint("ideeen_beheer", __name__, url_prefix="/beheer/ideeen")
projecten_bp = Blueprint("projecten", __name__, url_prefix="/projecten")
projecten_bp.add_url_rule("/<int:traject_id>-<slug>", "detail", projecten.detail)

GET_POST = ["GET", "POST"]
bp.add_url_rule("", "index", views.index)
bp.add_url_rule("/kaart", "kaart", views.kaart)
bp.add_url_rule("/nieuw", "nieuw", views.nieuw, methods=GET_POST)
bp.add_url_rule("/nieuw/lijkt-op", "lijkt_op", similar_views.lijkt_op)
bp.add_url_rule("/<int:idee_id>", "short", views.short)
bp.add_url_rule("/<int:idee_id>-<slug>", "detail", views.detail)
bp.add_url_rule("/<int:idee_id>/bewerken", "bewerken", views.bewerken, methods=GET_POST)
bp.add_url_rule("/<int:idee_id>/intrekken", "intrekken", views.intrekken, methods=GET_POST)
bp.add_url_rule("/<int:idee_id>/steunen", "steunen", views.steunen, methods=["POST"])
bp.add_url_rule(
    "/<int:idee_id>/steun-intrekken", "steun_intrekken", views.steun_intrekken, methods=["POST"]
)

B = beheer_views
beheer_bp.add_url_rule("", "index", B.index)
beheer_bp.add_url_rule("/alle", "alle", B.alle)
beheer_bp.add_url_rule("/antwoord-nodig", "antwoord_nodig", B.antwoord_nodig)
beheer_bp.add_url_rule("/export.csv", "export", B.export)
beheer_bp.add_url_rule("/<int:idee_id>", "idee", B.idee)
beheer_bp.add_url_rule("/<int:idee_id>/publiceren", "publiceren", B.publiceren, methods=["POST"])
beheer_bp.add_url_rule("/<int:idee_id>/afwijzen", "afwijzen", B.afwijzen, methods=["POST"])
beheer_bp.add_url_rule("/<int:idee_id>/verbergen", "verbergen", B.verbergen, methods=["POST"])
beheer_bp.add_url_rule("/<int:idee_id>/herstellen", "herstellen", B.herstellen, methods=["POST"])
beheer_bp.add_url_rule("/<int:idee_id>/status", "status", B.status, methods=["POST"])
beheer_bp.add_url_rule("/<int:idee_id>/samenvoegen", "samenvoegen", B.samenvoegen, methods=["POST"])
beheer_bp.add_url_rule("/wijken", "wijken", B.wijken, methods=GET_POST)
beheer_bp.add_url_rule("/wijken/<int:wijk_id>", "wijk", B.wijk, methods=GET_POST)
beheer_bp.add_url_rule("/trajecten", "trajecten", B.trajecten)
beheer_bp.add_url_rule("/trajecten/nieuw", "traject_nieuw", B.traject, methods=GET_POST)
beheer_bp.add_url_rule("/trajecten/<int:traject_id>", "traject", B.traject, methods=GET_POST)
beheer_bp.add_url_rule("/themas", "themas", B.themas, methods=GET_POST)
beheer_bp.add_url_rule("/themas/<int:thema_id>", "thema", B.thema, methods=GET_POST)


def _dashboard_context(user: Any) -> dict[str, Any]:
    from open_nijmegen.ideeen import queries

    due, overdue = queries.answers_due_counts(utcnow())
    return {"waiting": queries.waiting_count(), "due": due, "overdue": overdue}


registry.add_home_section("ideeen/_home.html", order=10)
registry.add_home_action(NavItem("ideeen.nieuw", "Deel uw idee", 10))
registry.add_open_projects(projecten.open_projecten)
registry.add_home_figures(projecten.cijfers)
registry.add_nav_item(NavItem("ideeen.index", "Ideeën", 10))
registry.add_nav_item(NavItem("ideeen_beheer.index", "Ideeën", 10, area="ideeen"), staff=True)
registry.add_dashboard_panel(
    DashboardPanel(
        key="ideeen",
        title="Ideeën",
        template="ideeen/_dashboard.html",
        context=_dashboard_context,
        area="ideeen",
        order=10,
    )
)


def _traject_options() -> list[tuple[int, str]]:
    from open_nijmegen.ideeen import queries

    return [(t.id, t.naam) for t in queries.traject_choices()]


def _traject_describe(traject_id: int) -> tuple[str, str] | None:
    from flask import url_for

    from open_nijmegen.ideeen import queries

    found = next((t for t in queries.traject_choices() if t.id == traject_id), None)
    return (found.naam, url_for("ideeen.index", traject=found.extra)) if found else None


def _idee_options() -> list[tuple[int, str]]:
    from open_nijmegen.extensions import db
    from open_nijmegen.ideeen import queries
    from open_nijmegen.ideeen.models import Idee

    stmt = queries.public_ideas().with_only_columns(Idee.id, Idee.titel).order_by(None)
    rows = db.session.execute(stmt.order_by(Idee.id.desc()).limit(300)).all()
    return [(row.id, f"{row.titel} (nr. {row.id})") for row in rows]


def _idee_describe(idee_id: int) -> tuple[str, str] | None:
    from open_nijmegen.ideeen import queries

    idee = queries.public_idea(idee_id)
    return (idee.titel, idee.object_url()) if idee is not None else None


# Other modules' objects (an event) can belong to a project or an idea.
registry.add_link_target(LinkTarget("traject", "Project", _traject_options, _traject_describe))
registry.add_link_target(LinkTarget("idee", N_("Idee"), _idee_options, _idee_describe))


@bp.app_context_processor
def _ideeen_globals() -> dict[str, Any]:
    from open_nijmegen.ideeen import queries

    return {"ideeen_home": queries.latest_public, "ideeen_answered": queries.latest_answered}


register_audit_labels(
    {
        "idee.gepubliceerd": N_("Idee op de site gezet"),
        "idee.afgewezen": N_("Idee niet op de site gezet"),
        "idee.verborgen": N_("Idee verborgen"),
        "idee.hersteld": N_("Idee weer zichtbaar gemaakt"),
        "idee.samengevoegd": N_("Ideeën samengevoegd"),
        "idee.status": N_("Stand van een idee aangepast"),
        "idee.export": N_("Lijst met ideeën gedownload"),
        "wijk.nieuw": N_("Wijk toegevoegd"),
        "wijk.aangepast": N_("Wijk aangepast"),
        "thema.nieuw": N_("Thema toegevoegd"),
        "thema.aangepast": N_("Thema aangepast"),
        "traject.nieuw": N_("Project toegevoegd"),
        "traject.aangepast": N_("Project aangepast"),
    }
)
