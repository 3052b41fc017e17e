"""Routes of the privacy module: the resident's own data, erasure, the officer's erasure."""

from __future__ import annotations

from flask import Blueprint

from open_nijmegen.core.audit import register_audit_labels
from open_nijmegen.core.i18n import N_
from open_nijmegen.privacy import views

bp = Blueprint("privacy", __name__, template_folder="templates")

GET_POST = ["GET", "POST"]
bp.add_url_rule("/account/mijn-gegevens", "mijn_gegevens", views.mijn_gegevens)
bp.add_url_rule("/account/mijn-gegevens.json", "download_json", views.download_json)
bp.add_url_rule("/account/mijn-gegevens.csv", "download_csv", views.download_csv)
bp.add_url_rule("/account/verwijderen", "verwijderen", views.verwijderen, methods=GET_POST)
bp.add_url_rule("/account/gewist", "gewist", views.gewist)
bp.add_url_rule(
    "/beheer/gebruikers/<int:user_id>/wissen",
    "wissen_namens",
    views.wissen_namens,
    methods=GET_POST,
)
bp.add_url_rule(
    "/beheer/gebruikers/<int:user_id>/wissen/bevestigen",
    "wissen_bevestigen",
    views.wissen_bevestigen,
    methods=["POST"],
)
bp.add_url_rule(
    "/beheer/gebruikers/<int:user_id>/wissen/intrekken",
    "wissen_intrekken",
    views.wissen_intrekken,
    methods=["POST"],
)

register_audit_labels(
    {
        "privacy.account_gewist": N_("Account gewist"),
        "privacy.bijlagen_bewaard": N_("Bijlagen bewaard bij het wissen"),
        "privacy.opgeruimd": N_("Oude gegevens opgeruimd"),
        "privacy.inactief_gewaarschuwd": N_("Mail gestuurd: account wordt bijna gewist"),
    }
)
