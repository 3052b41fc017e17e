"""Staff area ``/beheer``: dashboard, reports, users, settings, audit log. Staff only."""

from __future__ import annotations

from flask import Blueprint

from open_nijmegen.accounts.models import login_method_label, role_label
from open_nijmegen.beheer import views
from open_nijmegen.core.audit import register_audit_labels
from open_nijmegen.core.i18n import N_

bp = Blueprint("beheer", __name__, url_prefix="/beheer", template_folder="templates")

GET_POST = ["GET", "POST"]
bp.add_url_rule("/", "dashboard", views.dashboard)
bp.add_url_rule("/meldingen", "meldingen", views.meldingen)
bp.add_url_rule(
    "/meldingen/<object_type>/<int:object_id>",
    "melding_afhandelen",
    views.melding_afhandelen,
    methods=["POST"],
)
bp.add_url_rule(
    "/verborgen/reactie/<int:reaction_id>/tonen",
    "reactie_tonen",
    views.reactie_tonen,
    methods=["POST"],
)
bp.add_url_rule("/gebruikers", "gebruikers", views.gebruikers)
bp.add_url_rule("/gebruikers/<int:user_id>", "gebruiker", views.gebruiker, methods=GET_POST)
bp.add_url_rule("/instellingen", "instellingen", views.instellingen, methods=GET_POST)
bp.add_url_rule("/logboek", "logboek", views.logboek)
bp.add_url_rule("/weigeringen", "weigeringen", views.weigeringen)
bp.add_url_rule("/resultaten", "resultaten", views.resultaten)
bp.add_url_rule("/resultaten.csv", "resultaten_csv", views.resultaten_csv)

register_audit_labels(
    {
        "moderation.verbergen": N_("Verborgen na een melding"),
        "moderation.laten_staan": N_("Laten staan na een melding"),
        "moderation.weer_tonen": N_("Weer zichtbaar gemaakt"),
    }
)
bp.add_app_template_filter(role_label, "rol")
bp.add_app_template_filter(login_method_label, "inlogmanier")
