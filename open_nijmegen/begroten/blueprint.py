"""Route tables for the public pages (``begroten``) and the officer pages
(``begroten_beheer``). Importing this module plugs the module into the shared pages (home,
menus, dashboard) and registers its job handler and personal data; all idempotent.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from open_nijmegen.begroten import (  # noqa: F401
    beheer_views,
    demo,
    jobs,
    mijn,
    opendata,
    privacy,
    resultaten,  # noqa: F401 (figures on /resultaten)
    settings,
    views,
)
from open_nijmegen.core.audit import register_audit_labels
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.registry import DashboardPanel, LinkTarget, NavItem, registry

bp = Blueprint("begroten", __name__, url_prefix="/begroten", template_folder="templates")
beheer_bp = Blueprint("begroten_beheer", __name__, url_prefix="/beheer/begroten")

GET_POST = ["GET", "POST"]
POST = ["POST"]
V = views
R = "/<int:begroting_id>"
bp.add_url_rule("", "index", V.index)
bp.add_url_rule(R, "short", V.short)
bp.add_url_rule(f"{R}-<slug>", "detail", V.detail)
bp.add_url_rule(f"{R}/plannen/nieuw", "nieuw", V.nieuw, methods=GET_POST)
bp.add_url_rule(f"{R}/plannen/<int:plan_id>-<slug>", "plan", V.plan)
bp.add_url_rule(f"{R}/stemmen", "stemmen", V.stemmen, methods=GET_POST)
bp.add_url_rule(f"{R}/gestemd", "gestemd", V.gestemd)
bp.add_url_rule(f"{R}/uitslag", "uitslag", V.uitslag)
bp.add_url_rule(f"{R}/uitslag.pb", "pb_bestand", V.pb_bestand)
bp.add_url_rule(f"{R}/uitslag.csv", "uitslag_csv", opendata.uitslag_csv)
bp.add_url_rule("/uitslagen.atom", "atom", opendata.atom)

B = beheer_views
beheer_bp.add_url_rule("", "index", B.index)
beheer_bp.add_url_rule("/nieuw", "nieuw", B.begroting_form, methods=GET_POST)
beheer_bp.add_url_rule(R, "begroting", B.begroting)
beheer_bp.add_url_rule(f"{R}/bewerken", "bewerken", B.begroting_form, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/stemlijst", "stemlijst", B.stemlijst, methods=POST)
beheer_bp.add_url_rule(f"{R}/papier", "papier", B.papier, methods=POST)
beheer_bp.add_url_rule(f"{R}/tellen", "tellen", B.tellen, methods=POST)
beheer_bp.add_url_rule(f"{R}/plannen/<int:plan_id>", "plan", B.plan, methods=GET_POST)
beheer_bp.add_url_rule(
    f"{R}/plannen/<int:plan_id>/voortgang", "voortgang", B.voortgang, methods=POST
)


def _dashboard_context(user: Any) -> dict[str, Any]:
    import sqlalchemy as sa

    from open_nijmegen.begroten.models import Plan, PlanStatus
    from open_nijmegen.extensions import db

    waiting = db.session.scalar(
        sa.select(sa.func.count()).select_from(Plan).where(Plan.status == PlanStatus.INGEDIEND)
    )
    return {"wachtend": int(waiting or 0)}


registry.add_home_section("begroten/_home.html", order=20)
registry.add_nav_item(NavItem("begroten.index", "Begroten", 20))
registry.add_nav_item(NavItem("begroten_beheer.index", "Begroten", 20, area="begroten"), staff=True)
registry.add_dashboard_panel(
    DashboardPanel(
        key="begroten",
        title="Begroten",
        template="begroten/_dashboard.html",
        context=_dashboard_context,
        area="begroten",
        order=20,
    )
)

register_audit_labels(
    {
        "begroting.opgeslagen": N_("Begroting opgeslagen"),
        "begroting.stemlijst": N_("Lijst van stemmers gemaakt"),
        "begroting.tellen_gevraagd": N_("Tellen van de stemmen gestart"),
        "begroting.geteld": N_("Stemmen geteld"),
        "plan.beoordeeld": N_("Plan beoordeeld"),
        "plan.voortgang": N_("Voortgang van een plan gemeld"),
    }
)


def _begroting_options() -> list[tuple[int, str]]:
    import sqlalchemy as sa

    from open_nijmegen.begroten.models import Begroting
    from open_nijmegen.extensions import db

    return [
        (b.id, b.titel) for b in db.session.scalars(sa.select(Begroting).order_by(Begroting.id))
    ]


def _begroting_describe(begroting_id: int) -> tuple[str, str] | None:
    from open_nijmegen.begroten.models import Begroting
    from open_nijmegen.extensions import db

    begroting = db.session.get(Begroting, begroting_id)
    return (begroting.titel, begroting.object_url()) if begroting is not None else None


# An event (bijeenkomst) can belong to a begroting, and is then shown on its page.
registry.add_link_target(
    LinkTarget("begroting", "Begroting", _begroting_options, _begroting_describe)
)
