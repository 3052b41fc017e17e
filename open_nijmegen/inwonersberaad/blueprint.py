"""Route tables for the public pages and members' area (``inwonersberaad``) and the officer
pages (``inwonersberaad_beheer``).

Importing this module plugs the module into the shared pages (home, menus, dashboard),
declares its settings, demo data, job handler, purger and personal data; all idempotent.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from open_nijmegen.core.audit import register_audit_labels
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.registry import DashboardPanel, LinkTarget, NavItem, registry
from open_nijmegen.inwonersberaad import aanmelding_views as AV
from open_nijmegen.inwonersberaad import (  # noqa: F401
    beheer_views,
    brieven,
    demo,
    eigen_aanmelding,
    jobs,
    mijn,
    privacy,
    resultaten,  # noqa: F401 (figures on /resultaten)
    settings,
    views,
    werving_views,
)

bp = Blueprint(
    "inwonersberaad", __name__, url_prefix="/inwonersberaad", template_folder="templates"
)
beheer_bp = Blueprint("inwonersberaad_beheer", __name__, url_prefix="/beheer/inwonersberaad")

GET_POST = ["GET", "POST"]
POST = ["POST"]
V = views
bp.add_url_rule("", "index", V.index)
bp.add_url_rule("/bestanden/<path:filename>", "bestand", V.bestand)
bp.add_url_rule("/uitnodiging/<token>", "uitnodiging", V.uitnodiging, methods=GET_POST)
bp.add_url_rule("/aanmelden", "aanmelden_start", AV.start)
bp.add_url_rule("/<int:beraad_id>/aanmelden", "aanmelden", AV.aanmelden, methods=GET_POST)
bp.add_url_rule(
    "/<int:beraad_id>/aanmelden/gegevens",
    "aanmelden_gegevens",
    AV.aanmelden_gegevens,
    methods=GET_POST,
)
bp.add_url_rule("/<int:beraad_id>/aanmelden/klaar", "aanmelden_klaar", AV.aanmelden_klaar)
bp.add_url_rule(
    "/mijn-aanmelding/<token>",
    "eigen_aanmelding",
    eigen_aanmelding.eigen_aanmelding,
    methods=GET_POST,
)
bp.add_url_rule("/<int:beraad_id>", "short", V.short)
bp.add_url_rule("/<int:beraad_id>-<slug>", "detail", V.detail)
bp.add_url_rule("/<int:beraad_id>/stukken/<int:stuk_id>", "publiek_stuk", V.publiek_stuk)
bp.add_url_rule("/<int:beraad_id>/loting", "loting_uitleg", V.loting_uitleg)
bp.add_url_rule("/<int:beraad_id>/loting.json", "loting_json", V.loting_json)
bp.add_url_rule("/<int:beraad_id>/loting-techniek.txt", "loting_techniek", V.loting_techniek)
bp.add_url_rule("/<int:beraad_id>/dossier", "dossier", V.dossier)
bp.add_url_rule("/<int:beraad_id>/dossier/vragen", "vragen", V.vragen, methods=GET_POST)
bp.add_url_rule("/<int:beraad_id>/dossier/<int:stuk_id>", "stuk", V.stuk)
bp.add_url_rule(
    "/<int:beraad_id>/dossier/<int:stuk_id>/gelezen", "gelezen", V.gelezen, methods=POST
)
bp.add_url_rule(
    "/<int:beraad_id>/dossier/<int:stuk_id>/notitie", "notitie", V.notitie, methods=POST
)

B = beheer_views
R = "/<int:beraad_id>"
beheer_bp.add_url_rule("", "index", B.index)
beheer_bp.add_url_rule("/nieuw", "nieuw", B.nieuw, methods=GET_POST)
beheer_bp.add_url_rule(R, "beraad", B.beraad)
beheer_bp.add_url_rule(f"{R}/bewerken", "bewerken", B.bewerken, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/fase", "fase", B.fase, methods=POST)
beheer_bp.add_url_rule(f"{R}/leden", "leden", B.leden, methods=GET_POST)
beheer_bp.add_url_rule(
    f"{R}/leden/<int:lid_id>/stoppen", "lid_stoppen", B.lid_stoppen, methods=POST
)
beheer_bp.add_url_rule(
    f"{R}/uitnodigingen/<int:uitnodiging_id>/intrekken",
    "uitnodiging_intrekken",
    B.uitnodiging_intrekken,
    methods=POST,
)
beheer_bp.add_url_rule(f"{R}/stukken", "stukken", B.stukken, methods=GET_POST)
beheer_bp.add_url_rule(
    f"{R}/stukken/<int:stuk_id>/openbaar", "stuk_openbaar", B.stuk_openbaar, methods=POST
)
beheer_bp.add_url_rule(f"{R}/vragen", "vragen", B.vragen)
beheer_bp.add_url_rule(f"{R}/vragen/<int:vraag_id>", "vraag", B.vraag, methods=GET_POST)
beheer_bp.add_url_rule(f"{R}/advies", "advies", B.advies, methods=GET_POST)
beheer_bp.add_url_rule(
    f"{R}/aanbevelingen/nieuw", "aanbeveling_nieuw", B.aanbeveling_nieuw, methods=POST
)
A = f"{R}/aanbevelingen/<int:aanbeveling_id>"
beheer_bp.add_url_rule(A, "aanbeveling", B.aanbeveling, methods=GET_POST)
beheer_bp.add_url_rule(f"{A}/reactie", "reactie", B.reactie, methods=POST)
beheer_bp.add_url_rule(f"{A}/publiceren", "reactie_publiceren", B.reactie_publiceren, methods=POST)
beheer_bp.add_url_rule(f"{A}/voortgang", "voortgang", B.voortgang, methods=POST)
beheer_bp.add_url_rule(f"{R}/loting", "loting", B.loting, methods=GET_POST)
beheer_bp.add_url_rule("/loting/voorbeeld-<soort>.csv", "loting_voorbeeld", B.loting_voorbeeld)
L = f"{R}/loting/<int:loting_id>"
beheer_bp.add_url_rule(L, "loting_run", B.loting_run)
beheer_bp.add_url_rule(f"{L}/status.json", "loting_status", B.loting_status)
beheer_bp.add_url_rule(f"{L}/verslag", "loting_verslag", B.loting_verslag)
beheer_bp.add_url_rule(f"{L}/record.json", "loting_record", B.loting_record)
beheer_bp.add_url_rule(f"{L}/publiceren", "loting_publiceren", B.loting_publiceren, methods=POST)
W = werving_views
beheer_bp.add_url_rule(f"{R}/werving", "werving_form", W.werving_form, methods=GET_POST)
beheer_bp.add_url_rule("/werving/voorbeeld-adressen.csv", "werving_voorbeeld", W.werving_voorbeeld)
T = f"{R}/werving/<int:trekking_id>"
beheer_bp.add_url_rule(T, "werving_trekking", W.werving_trekking)
beheer_bp.add_url_rule(f"{T}/verslag.json", "werving_verslag", W.werving_verslag)
beheer_bp.add_url_rule(f"{T}/brieven", "werving_brieven_maken", W.brieven_maken, methods=POST)
beheer_bp.add_url_rule(f"{T}/brieven/<int:batch_id>", "werving_brieven", W.werving_brieven)
beheer_bp.add_url_rule(
    f"{T}/brieven/<int:batch_id>/brieven.pdf", "werving_brieven_pdf", W.werving_brieven_pdf
)
beheer_bp.add_url_rule(
    f"{T}/brieven/<int:batch_id>/drukkerij.csv", "werving_brieven_csv", W.werving_brieven_csv
)
WA = f"{R}/werving/aanmeldingen"
beheer_bp.add_url_rule(WA, "werving_aanmeldingen", AV.dashboard)
beheer_bp.add_url_rule(f"{WA}/vragen", "werving_opzet", AV.opzet, methods=POST)
beheer_bp.add_url_rule(f"{WA}/herinnering.csv", "werving_herinnering", AV.herinnering, methods=POST)
beheer_bp.add_url_rule(f"{WA}/telefoon", "werving_telefoon", AV.telefoon, methods=GET_POST)
beheer_bp.add_url_rule(f"{WA}/loting", "werving_loting", AV.loting_starten, methods=POST)
beheer_bp.add_url_rule(f"{R}/werving/uitslag", "werving_uitslag", AV.uitslag)
beheer_bp.add_url_rule(
    f"{R}/werving/uitslag/versturen",
    "werving_uitslag_versturen",
    AV.uitslag_versturen,
    methods=POST,
)
beheer_bp.add_url_rule(
    f"{R}/werving/aanmelding/<int:aanmelding_id>/afgevallen",
    "werving_afgevallen",
    AV.afgevallen,
    methods=POST,
)


@bp.app_template_filter("verberg_email")
def verberg_email(value: str | None) -> str:
    """Show an invited address without the personal part: ``n…@example.org``."""
    if not value or "@" not in value:
        return ""
    naam, domein = value.rsplit("@", 1)
    return f"{naam[:1]}…@{domein}"


def _dashboard_context(user: Any) -> dict[str, Any]:
    from open_nijmegen.inwonersberaad import queries

    now = utcnow()
    return {"te_laat": queries.overdue_beraden(now), "wachtend": queries.waiting_beraden(now)}


def _beraad_options() -> list[tuple[int, str]]:
    from open_nijmegen.extensions import db
    from open_nijmegen.inwonersberaad import queries

    return [(b.id, b.vraag) for b in db.session.scalars(queries.public_beraden())]


def _beraad_describe(beraad_id: int) -> tuple[str, str] | None:
    from open_nijmegen.extensions import db
    from open_nijmegen.inwonersberaad.models import Beraad

    beraad = db.session.get(Beraad, beraad_id)
    if beraad is None or not beraad.openbaar:
        return None
    return beraad.vraag, beraad.object_url()


registry.add_link_target(LinkTarget("beraad", "Inwonersberaad", _beraad_options, _beraad_describe))


def _home_state() -> Any:
    """The latest public beraad (its question and phase) for the home page, or None."""
    from open_nijmegen.extensions import db
    from open_nijmegen.inwonersberaad import queries

    return db.session.scalars(queries.public_beraden().limit(1)).first()


@bp.app_context_processor
def _inwonersberaad_globals() -> dict[str, Any]:
    from open_nijmegen.inwonersberaad.models import FASE_LABELS

    return {"inwonersberaad_home": _home_state, "inwonersberaad_fasen": FASE_LABELS}


registry.add_home_section("inwonersberaad/_home.html", order=30)
registry.add_nav_item(NavItem("inwonersberaad.index", "Inwonersberaad", 30))
registry.add_nav_item(
    NavItem("inwonersberaad_beheer.index", "Inwonersberaad", 30, area="inwonersberaad"), staff=True
)
registry.add_dashboard_panel(
    DashboardPanel(
        key="inwonersberaad",
        title="Inwonersberaad",
        template="inwonersberaad/_dashboard.html",
        context=_dashboard_context,
        area="inwonersberaad",
        order=30,
    )
)

register_audit_labels(
    {
        "beraad.aangemaakt": N_("Inwonersberaad gemaakt"),
        "beraad.aangepast": N_("Inwonersberaad aangepast"),
        "beraad.fase": N_("Volgende stap van het inwonersberaad"),
        "beraad.advies": N_("Advies van het inwonersberaad opgeslagen"),
        "beraad.uitgenodigd": N_("Lid uitgenodigd"),
        "beraad.uitnodiging_ingetrokken": N_("Uitnodiging ingetrokken"),
        "beraad.lid_gestopt": N_("Toegang van een lid gestopt"),
        "aanbeveling.opgeslagen": N_("Aanbeveling opgeslagen"),
        "aanbeveling.reactie_concept": N_(
            "Reactie op een aanbeveling bewaard (nog niet op de site)"
        ),
        "aanbeveling.reactie": N_("Reactie op een aanbeveling op de site gezet"),
        "aanbeveling.voortgang": N_("Voortgang van een aanbeveling gemeld"),
        "dossierstuk.toegevoegd": N_("Stuk aan het dossier toegevoegd"),
        "dossierstuk.openbaar": N_("Stuk uit het dossier openbaar gemaakt"),
        "dossierstuk.gesloten": N_("Stuk uit het dossier niet meer openbaar"),
        "expertvraag.beantwoord": N_("Vraag aan een deskundige beantwoord"),
        "loting.gestart": N_("Loting gestart"),
        "loting.klaar": N_("Loting klaar"),
        "loting.mislukt": N_("Loting mislukt"),
        "loting.gepubliceerd": N_("Uitslag van de loting op de site gezet"),
        "loting.invoer_verwijderd": N_("Lijsten van de loting gewist"),
        "werving.adressen_getrokken": N_(
            "Adressen getrokken voor de brieven van het inwonersberaad"
        ),
        "werving.adressen_verwijderd": N_("Lijst met getrokken adressen gewist"),
        "werving.codes_gemaakt": N_("Codes gemaakt voor de brieven van het inwonersberaad"),
        "werving.brieven": N_("Brieven voor het inwonersberaad gemaakt (PDF)"),
        "werving.opzet": N_("Vragen voor de aanmelding bij het inwonersberaad bewaard"),
        "werving.aangemeld": N_("Aanmelding voor het inwonersberaad"),
        "werving.zelf_gewist": N_("Aanmelding voor het inwonersberaad gewist door de inwoner zelf"),
        "werving.herinnering": N_("Nieuwe codes gemaakt voor een herinneringsbrief"),
        "werving.uitslag": N_("Uitslag van de loting verstuurd aan de aanmeldingen"),
        "werving.afgevallen": N_("Lid van het inwonersberaad doet niet meer mee"),
    }
)
