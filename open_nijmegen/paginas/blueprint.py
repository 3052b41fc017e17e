"""Routes of the pages: ``/p/<slug>`` for residents, ``/beheer/paginas`` for officers."""

from __future__ import annotations

from flask import Blueprint

from open_nijmegen.core.audit import register_audit_labels
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.registry import NavItem, registry
from open_nijmegen.paginas import views
from open_nijmegen.paginas.markdown import render
from open_nijmegen.paginas.services import current

bp = Blueprint("paginas", __name__, template_folder="templates")
beheer_bp = Blueprint("paginas_beheer", __name__, url_prefix="/beheer/paginas")

bp.add_url_rule("/p/<slug>", "pagina", views.pagina)
beheer_bp.add_url_rule("/", "lijst", views.lijst)
beheer_bp.add_url_rule("/nieuw", "nieuw", views.nieuw, methods=["GET", "POST"])
beheer_bp.add_url_rule("/<slug>", "bewerken", views.bewerken, methods=["GET", "POST"])
beheer_bp.add_url_rule(
    "/<slug>/versies/<int:nummer>/terugzetten", "terugzetten", views.terugzetten, methods=["POST"]
)


def _page_text(slug: str) -> dict[str, object]:
    """The text in force of a fixed page (home, over, privacy) and its HTML."""
    tekst = current(slug)
    assert tekst is not None  # a fixed page always has a text (the shipped one)
    return {"pagina": tekst, "html": render(tekst.tekst)}


registry.set_page_text(_page_text)
registry.add_nav_item(NavItem("paginas_beheer.lijst", "Pagina's", 80, area="inhoud"), staff=True)
register_audit_labels(
    {
        "pagina.opgeslagen": N_("Pagina aangepast"),
        "pagina.teruggezet": N_("Oude versie van een pagina teruggezet"),
    }
)
