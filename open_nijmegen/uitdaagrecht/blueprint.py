"""Route tables for the public pages (``uitdaagrecht``) and the officer pages
(``uitdaagrecht_beheer``).

Importing this module plugs the module into the shared pages (home, menus, dashboard) and
declares its settings and demo data; every registration is idempotent.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Blueprint

from open_nijmegen.core.audit import register_audit_labels
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.registry import DashboardPanel, NavItem, registry
from open_nijmegen.uitdaagrecht import (  # noqa: F401
    beheer_views,
    demo,
    mijn,
    privacy,
    resultaten,  # noqa: F401 (figures on /resultaten)
    settings,
    views,
)
from open_nijmegen.uitdaagrecht.termijnen import format_datum
from open_nijmegen.uitdaagrecht.workflow import Actie, Veld

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


@bp.app_template_filter("ur_voorbeeld")
def ur_voorbeeld(text: str) -> str:
    """A mail text with its ``{veld}`` placeholders shown as "[what goes there]" in B1, so an
    officer never reads a field code such as ``{ontvangen_op}``."""
    from flask_babel import gettext

    def name(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in Veld._value2member_map_:
            return "[" + gettext(Veld(key).label).lower() + "]"
        return "[…]"

    return re.sub(r"\{(\w+)\}", name, text)


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

# What the logboek shows for each step (``uitdaging.<actie>``, ``uitdaging.bezwaar.<actie>``).
_STAPPEN = {
    Actie.DIEN_IN: N_("Uitdaging ingediend"),
    Actie.START_TOETS: N_("Controle van de aanvraag gestart"),
    Actie.VRAAG_AANVULLING: N_("Informatie gevraagd"),
    Actie.LEVER_AANVULLING: N_("Informatie gestuurd door de uitdager"),
    Actie.ONTVANG_AANVULLING: N_("Informatie ontvangen"),
    Actie.HERVAT_ZONDER_AANVULLING: N_("Verder zonder de informatie"),
    Actie.SLUIT_BUITEN_BEHANDELING: N_("Niet verder behandeld"),
    Actie.VERKLAAR_NIET_ONTVANKELIJK: N_("Past niet binnen de regels"),
    Actie.NEEM_IN_BEHANDELING: N_("In behandeling genomen"),
    Actie.VERDAAG: N_("Besluit uitgesteld"),
    Actie.BESLUIT_TOEKENNEN: N_("Toegekend"),
    Actie.BESLUIT_DEELS_TOEKENNEN: N_("Deels toegekend"),
    Actie.BESLUIT_AFWIJZEN: N_("Afgewezen"),
    Actie.TREK_IN: N_("Ingetrokken"),
    Actie.SLUIT_OVEREENKOMST: N_("Afspraken vastgelegd"),
    Actie.STOP_ZONDER_UITVOERING: N_("Gestopt zonder uitvoering"),
    Actie.START_UITVOERING: N_("Uitvoering gestart"),
    Actie.MELD_VOORTGANG: N_("Voortgang gemeld"),
    Actie.START_EVALUATIE: N_("Evaluatie gestart"),
    Actie.ROND_AF: N_("Afgerond"),
    Actie.HEROVERWEEG: N_("Besluit opnieuw bekeken"),
    Actie.MAAK_BEZWAAR: N_("Bezwaar gemaakt"),
    Actie.REGISTREER_BEZWAAR: N_("Bezwaar ontvangen"),
    Actie.START_BEHANDELING: N_("Behandeling gestart"),
    Actie.VRAAG_HERSTEL: N_("Aanvulling gevraagd"),
    Actie.VERKLAAR_GEGROND: N_("Gegrond: de uitdager krijgt gelijk"),
    Actie.VERKLAAR_ONGEGROND: N_("Ongegrond: het besluit blijft"),
}
register_audit_labels(
    {
        **{
            f"uitdaging.{a.value}": (N_("Uitdaagrecht: %(stap)s"), label)
            for a, label in _STAPPEN.items()
        },
        **{
            f"uitdaging.bezwaar.{a.value}": (N_("Bezwaar uitdaagrecht: %(stap)s"), label)
            for a, label in _STAPPEN.items()
        },
        "uitdaging.beoordeling": N_("Uitdaging beoordeeld"),
        "uitdaging.publieke_samenvatting": N_("Samenvatting voor de site aangepast"),
        "uitdaging.concept_verwijderd": N_("Concept van een uitdaging gewist"),
        "uitdaging.concept_gewaarschuwd": N_("Mail gestuurd: concept wordt bijna gewist"),
        "uitdaging.bijlage_verwijderd": N_("Bijlage van een uitdaging gewist"),
    }
)
