from __future__ import annotations

from flask import Blueprint

from open_nijmegen.accounts import views
from open_nijmegen.core.audit import register_audit_labels
from open_nijmegen.core.i18n import N_

bp = Blueprint("accounts", __name__, url_prefix="/account", template_folder="templates")

GET_POST = ["GET", "POST"]
bp.add_url_rule("/registreren", "register", views.register, methods=GET_POST)
bp.add_url_rule("/registreren/verstuurd", "register_done", views.register_done)
bp.add_url_rule("/bevestigen/<token>", "bevestigen", views.bevestigen, methods=GET_POST)
bp.add_url_rule("/bevestigen", "bevestig_opnieuw", views.bevestig_opnieuw, methods=GET_POST)
# "/inloggen" (accounts.login) is routed by accounts.oidc.init_app, next to its view.
bp.add_url_rule("/uitloggen", "logout", views.logout, methods=["POST"])
bp.add_url_rule(
    "/wachtwoord-vergeten", "wachtwoord_vergeten", views.wachtwoord_vergeten, methods=GET_POST
)
bp.add_url_rule(
    "/wachtwoord-herstellen/<token>",
    "wachtwoord_herstellen",
    views.wachtwoord_herstellen,
    methods=GET_POST,
)
bp.add_url_rule("", "account", views.account)
bp.add_url_rule("/wachtwoord", "wachtwoord_wijzigen", views.wachtwoord_wijzigen, methods=GET_POST)
bp.add_url_rule("/email", "email_wijzigen", views.email_wijzigen, methods=GET_POST)
bp.add_url_rule("/email/<token>", "email_bevestigen", views.email_bevestigen, methods=GET_POST)
bp.add_url_rule(
    "/apparaten/<int:session_id>/uitloggen",
    "apparaat_uitloggen",
    views.apparaat_uitloggen,
    methods=["POST"],
)
bp.add_url_rule("/overal-uitloggen", "overal_uitloggen", views.overal_uitloggen, methods=["POST"])
bp.add_url_rule("/instellingen", "instellingen", views.instellingen, methods=GET_POST)
bp.add_url_rule("/mail-uit/<token>", "mail_uit", views.mail_uit, methods=GET_POST)

register_audit_labels(
    {
        "user.role_changed": N_("Rol van een account aangepast"),
        "user.role_from_sso": N_("Rol gekregen bij inloggen via de gemeente"),
        "user.identity_linked": N_("Inloggen via de gemeente gekoppeld"),
        "user.tweestaps_aan": N_("Inloggen met een extra code aangezet"),
        "user.tweestaps_uit": N_("Inloggen met een extra code uitgezet"),
        "user.herstelcodes_nieuw": N_("Nieuwe reservecodes gemaakt"),
        "user.herstelcode_gebruikt": N_("Reservecode gebruikt om in te loggen"),
    }
)
