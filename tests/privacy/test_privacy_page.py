"""/privacy explains everything in B1 and shows the retention terms from the settings."""

from __future__ import annotations

from open_nijmegen.core.settings import set_setting
from open_nijmegen.extensions import db
from open_nijmegen.privacy.models import PURPOSES


def test_privacy_page_lists_terms_from_settings(client):
    set_setting(None, "bewaar.ip_adressen_dagen", 17)
    set_setting(None, "privacy.inactief_waarschuwing_dagen", 45)
    db.session.commit()
    html = client.get("/privacy").get_data(as_text=True)
    assert "17 dagen" in html
    assert "Niemand kan uw naam op de site daarna nog gebruiken." in html
    assert "45 dagen" in html
    assert "3 jaar" in html  # inactive accounts, default


def test_privacy_page_explains_the_processing_log_and_erasure(client):
    html = client.get("/privacy").get_data(as_text=True)
    for text in [
        "Wie heeft uw gegevens bekeken",
        "verwijderde deelnemer",
        "Uw steun blijft meetellen",
        "JSON",
        "CSV",
        "haalt niets op bij andere websites",
        'href="/account/mijn-gegevens"',
    ]:
        assert text in html, text
    for label in PURPOSES.values():
        assert label in html
