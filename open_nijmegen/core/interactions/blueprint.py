from __future__ import annotations

from flask import Blueprint

from open_nijmegen.core.interactions import views

bp = Blueprint("interactions", __name__)

GET_POST = ["GET", "POST"]
bp.add_url_rule("/reacties/<object_type>/<int:object_id>", "react", views.react, methods=["POST"])
bp.add_url_rule(
    "/reacties/<int:reaction_id>/bewerken", "edit_reaction", views.edit_reaction, methods=GET_POST
)
bp.add_url_rule(
    "/reacties/<int:reaction_id>/verwijderen",
    "delete_reaction",
    views.delete_reaction,
    methods=GET_POST,
)
bp.add_url_rule("/melden/<object_type>/<int:object_id>", "report", views.report, methods=GET_POST)
bp.add_url_rule("/volgen/<object_type>/<int:object_id>", "follow", views.follow, methods=["POST"])
bp.add_url_rule("/volgen/stoppen/<token>", "unsubscribe", views.unsubscribe, methods=GET_POST)
