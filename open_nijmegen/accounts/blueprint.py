from __future__ import annotations

from flask import Blueprint

from open_nijmegen.accounts import views

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
