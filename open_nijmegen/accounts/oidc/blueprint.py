from __future__ import annotations

from flask import Blueprint

from open_nijmegen.accounts.oidc import views

bp = Blueprint("oidc", __name__, url_prefix="/account", template_folder="templates")

GET_POST = ["GET", "POST"]
bp.add_url_rule("/inloggen/<provider>", "start", views.start, methods=["POST"])
bp.add_url_rule("/inloggen/<provider>/terug", "callback", views.callback)
bp.add_url_rule("/eerste-keer", "nieuw", views.nieuw, methods=GET_POST)
bp.add_url_rule("/koppelen", "koppelen", views.koppelen, methods=GET_POST)
bp.add_url_rule("/tweestaps", "tweestaps", views.tweestaps, methods=GET_POST)
bp.add_url_rule("/tweestaps/code", "code", views.code, methods=GET_POST)
bp.add_url_rule("/tweestaps/uitzetten", "tweestaps_uit", views.tweestaps_uit, methods=["POST"])
bp.add_url_rule("/tweestaps/nieuwe-codes", "herstelcodes", views.herstelcodes, methods=["POST"])
