"""Public pages of the platform itself: home, about, privacy, accessibility, health."""

from __future__ import annotations

from flask import Blueprint

from open_nijmegen.core import mijn, taalkeuze, views

bp = Blueprint("core", __name__, template_folder="templates")

bp.add_url_rule("/", "home", views.home)
bp.add_url_rule("/over", "over", views.over)
bp.add_url_rule("/privacy", "privacy", views.privacy)
bp.add_url_rule("/toegankelijkheid", "toegankelijkheid", views.toegankelijkheid)
bp.add_url_rule("/mijn", "mijn", mijn.mijn)
bp.add_url_rule("/resultaten", "resultaten", views.resultaten)
bp.add_url_rule("/resultaten.csv", "resultaten_csv", views.resultaten_csv)
bp.add_url_rule("/healthz", "healthz", views.healthz)
bp.add_url_rule("/uploads/<int:upload_id>/<name>", "upload", views.upload)
bp.add_url_rule("/taal-kiezen", "taal_kiezen", taalkeuze.taal_kiezen, methods=["GET", "POST"])
