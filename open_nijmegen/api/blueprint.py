"""Route table of open data: the JSON API, CSV downloads, Atom feeds and the /open-data page."""

from __future__ import annotations

from flask import Blueprint

from open_nijmegen.api import feeds as FEEDS
from open_nijmegen.api import resultaten as RESULTATEN
from open_nijmegen.api import views as V
from open_nijmegen.api.caching import finish

bp = Blueprint("api", __name__, template_folder="templates")
bp.after_request(finish)

API = "/api/v1"
bp.add_url_rule(f"{API}/openapi.json", "openapi", V.openapi_json)
bp.add_url_rule(f"{API}/ideeen", "ideeen", V.ideeen)
bp.add_url_rule(f"{API}/ideeen.csv", "ideeen_csv", V.ideeen_csv)
bp.add_url_rule(f"{API}/ideeen/<int:idee_id>", "idee", V.idee)
bp.add_url_rule(f"{API}/ideeen/<int:idee_id>/reacties", "reacties", V.reacties)
bp.add_url_rule(f"{API}/uitdagingen", "uitdagingen", V.uitdagingen)
bp.add_url_rule(f"{API}/uitdagingen.csv", "uitdagingen_csv", V.uitdagingen_csv)
bp.add_url_rule(f"{API}/beraden", "beraden", V.beraden)
bp.add_url_rule(f"{API}/beraden.csv", "beraden_csv", V.beraden_csv)
bp.add_url_rule(f"{API}/beraden/<int:beraad_id>", "beraad", V.beraad)
bp.add_url_rule(f"{API}/resultaten", "resultaten", RESULTATEN.resultaten)
bp.add_url_rule("/open-data", "open_data", V.open_data)
bp.add_url_rule("/feeds/ideeen.atom", "feed_ideeen", FEEDS.ideeen)
bp.add_url_rule("/feeds/statuswijzigingen.atom", "feed_statuswijzigingen", FEEDS.statuswijzigingen)
bp.add_url_rule("/feeds/uitdagingen.atom", "feed_uitdagingen", FEEDS.uitdagingen)
bp.add_url_rule("/feeds/beraden/<int:beraad_id>.atom", "feed_beraad", FEEDS.beraad)
