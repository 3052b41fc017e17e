from __future__ import annotations

from flask import Blueprint

from open_nijmegen.taal import official, views  # noqa: F401 - official registers the verdict hook
from open_nijmegen.taal.web import check_is_not_an_error

bp = Blueprint("taal", __name__, url_prefix="/taal", template_folder="templates")
bp.add_url_rule("/check", "check", views.check, methods=["POST"])
bp.after_app_request(check_is_not_an_error)
