"""Route tables for the public pages (``peilingen``) and the officer pages
(``peilingen_beheer``). Importing this module plugs the module into the shared pages (home,
menus, dashboard) and registers its demo data and personal data; all idempotent."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from open_nijmegen.core.audit import register_audit_labels
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.registry import DashboardPanel, NavItem, ObjectPanel, registry
from open_nijmegen.peilingen import beheer_views, demo, privacy, resultaten, snel, views  # noqa: F401

bp = Blueprint("peilingen", __name__, url_prefix="/peilingen", template_folder="templates")
beheer_bp = Blueprint("peilingen_beheer", __name__, url_prefix="/beheer/peilingen")

GET_POST = ["GET", "POST"]
POST = ["POST"]
R = "/<int:peiling_id>"
V = views
bp.add_url_rule("", "index", V.index)
bp.add_url_rule("/uitslagen.atom", "atom", V.atom)
bp.add_url_rule(R, "short", V.short)
bp.add_url_rule(f"{R}-<slug>", "detail", V.detail)
bp.add_url_rule(f"{R}/invullen", "invullen", V.invullen, methods=GET_POST)
bp.add_url_rule(f"{R}/code", "code", V.code, methods=GET_POST)
bp.add_url_rule(f"{R}/snel", "snel", V.snel, methods=POST)
bp.add_url_rule(f"{R}/bedankt", "klaar", V.klaar)
bp.add_url_rule(f"{R}/uitslag", "uitslag", V.uitslag)
bp.add_url_rule(f"{R}/uitslag.csv", "uitslag_csv", V.uitslag_csv)
bp.add_url_rule(f"{R}/uitslag/<per>", "uitsplitsing", V.uitsplitsing)

B = beheer_views
beheer_bp.add_url_rule("", "index", B.index)
beheer_bp.add_url_rule("/nieuw", "nieuw", B.peiling_form, methods=GET_POST)
beheer_bp.add_url_rule(R, "peiling", B.peiling)
beheer_bp.add_url_rule(f"{R}/bewerken", "bewerken", B.peiling_form, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/paginas/nieuw", "sectie_nieuw", B.sectie_form, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/paginas/<int:sectie_id>", "sectie", B.sectie_form, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/vragen/nieuw", "vraag_nieuw", B.vraag_form, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/vragen/<int:vraag_id>", "vraag", B.vraag_form, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/vragen/<int:vraag_id>/weg", "vraag_weg", B.vraag_weg, methods=POST)
beheer_bp.add_url_rule(f"{R}/publiceren", "publiceren", B.publiceren, methods=POST)
beheer_bp.add_url_rule(f"{R}/papier", "papier", B.papier, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/voorbeeld", "voorbeeld", B.voorbeeld)
beheer_bp.add_url_rule(f"{R}/antwoorden.csv", "antwoorden_csv", B.antwoorden_csv)
beheer_bp.add_url_rule(f"{R}/codes", "codes", B.codes_maken, methods=POST)
beheer_bp.add_url_rule(f"{R}/bevolking", "bevolking", B.bevolking, methods=GET_POST)
beheer_bp.add_url_rule(
    f"{R}/bevolking/standaard", "bevolking_standaard", B.bevolking_standaard, methods=POST
)
beheer_bp.add_url_rule(f"{R}/open-antwoorden", "open_antwoorden", B.open_antwoorden)
beheer_bp.add_url_rule(
    f"{R}/open-antwoorden/<int:antwoord_id>", "beoordeel", B.beoordeel, methods=POST
)


def _dashboard_context(user: Any) -> dict[str, Any]:
    import sqlalchemy as sa

    from open_nijmegen.extensions import db
    from open_nijmegen.peilingen.models import Beoordeling, OpenAntwoord

    waiting = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OpenAntwoord)
        .where(OpenAntwoord.beoordeling == Beoordeling.WACHT)
    )
    return {"wachtend": int(waiting or 0)}


registry.add_home_section("peilingen/_home.html", order=30)
# The quick poll: first on the home page (it renders nothing when none is open), and on the
# page of the project it belongs to.
registry.add_home_section("peilingen/_snel_home.html", order=1)
registry.add_object_panel(
    ObjectPanel("peilingen-snel", "peilingen/_snel_panel.html", snel.panel_context, order=35)
)
registry.add_nav_item(NavItem("peilingen.index", "Peilingen", 30))
registry.add_nav_item(
    NavItem("peilingen_beheer.index", "Peilingen", 30, area="peilingen"), staff=True
)
registry.add_dashboard_panel(
    DashboardPanel(
        key="peilingen",
        title="Peilingen",
        template="peilingen/_dashboard.html",
        context=_dashboard_context,
        area="peilingen",
        order=30,
    )
)

register_audit_labels(
    {
        "peiling.opgeslagen": N_("Peiling opgeslagen"),
        "peiling.vraag_opgeslagen": N_("Vraag van een peiling opgeslagen"),
        "peiling.vraag_weg": N_("Vraag van een peiling weggehaald"),
        "peiling.tekst_verbeterd": N_("Tekst van een vraag verbeterd na de eerste antwoorden"),
        "peiling.gepubliceerd": N_("Peiling op de site gezet"),
        "peiling.codes_gemaakt": N_("Codes voor een panel gemaakt"),
        "peiling.bevolking": N_("Bevolkingscijfers voor het wegen veranderd"),
        "peiling.antwoord_beoordeeld": N_("Open antwoord bekeken"),
        "peiling.antwoorden_gedownload": N_("Antwoorden van een peiling gedownload (zonder namen)"),
    }
)


@bp.app_context_processor
def _peilingen_globals() -> dict[str, Any]:
    return {"peilingen_snel_home": snel.home}
