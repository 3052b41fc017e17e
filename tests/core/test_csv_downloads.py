"""Every CSV download says ``text/csv; charset=utf-8``, with the charset once (one helper in
the core sets it), and no CSV route is left out of this list."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from site_helpers import client_for

from open_nijmegen.bijeenkomsten.models import Bijeenkomst
from open_nijmegen.core.csvfile import CSV_CONTENT_TYPE
from open_nijmegen.extensions import db


def _closed_peiling() -> int:
    from open_nijmegen.peilingen.demo import GESLOTEN
    from open_nijmegen.peilingen.models import Peiling

    return db.session.scalar(sa.select(Peiling.id).where(Peiling.titel == GESLOTEN))


def _counted_begroting() -> int:
    from open_nijmegen.begroten.models import Begroting

    return db.session.scalar(
        sa.select(sa.func.min(Begroting.id)).where(Begroting.geteld_op.is_not(None))
    )


def _demo_letters() -> str:
    from open_nijmegen.inwonersberaad.aanmelding_models import BriefBatch

    batch = db.session.scalars(
        sa.select(BriefBatch).where(BriefBatch.drukkerij_csv.is_not(None)).order_by(BriefBatch.id)
    ).first()
    return (
        f"/beheer/inwonersberaad/{batch.beraad_id}/werving/{batch.trekking_id}"
        f"/brieven/{batch.id}/drukkerij.csv"
    )


# endpoint -> (role that may download it, how to build the URL)
CSV_ROUTES = {
    "api.ideeen_csv": ("anoniem", lambda: "/api/v1/ideeen.csv"),
    "api.uitdagingen_csv": ("anoniem", lambda: "/api/v1/uitdagingen.csv"),
    "api.beraden_csv": ("anoniem", lambda: "/api/v1/beraden.csv"),
    "core.resultaten_csv": ("anoniem", lambda: "/resultaten.csv"),
    "beheer.resultaten_csv": ("participatiemedewerker", lambda: "/beheer/resultaten.csv"),
    "privacy.download_csv": ("inwoner", lambda: "/account/mijn-gegevens.csv"),
    "ideeen_beheer.export": ("beheerder", lambda: "/beheer/ideeen/export.csv"),
    "bijeenkomsten_beheer.deurlijst": (
        "beheerder",
        lambda: (
            f"/beheer/bijeenkomsten/{db.session.scalar(sa.select(sa.func.min(Bijeenkomst.id)))}"
            "/deurlijst.csv"
        ),
    ),
    "begroten.uitslag_csv": ("anoniem", lambda: f"/begroten/{_counted_begroting()}/uitslag.csv"),
    "peilingen.uitslag_csv": ("anoniem", lambda: f"/peilingen/{_closed_peiling()}/uitslag.csv"),
    "peilingen_beheer.antwoorden_csv": (
        "participatiemedewerker",
        lambda: f"/beheer/peilingen/{_closed_peiling()}/antwoorden.csv",
    ),
    "inwonersberaad_beheer.loting_voorbeeld": (
        "beheerder",
        lambda: "/beheer/inwonersberaad/loting/voorbeeld-quota.csv",
    ),
    "inwonersberaad_beheer.werving_voorbeeld": (
        "beheerder",
        lambda: "/beheer/inwonersberaad/werving/voorbeeld-adressen.csv",
    ),
    "inwonersberaad_beheer.werving_brieven_csv": ("beheerder", _demo_letters),
}


def test_content_type_names_the_charset_once():
    assert CSV_CONTENT_TYPE == "text/csv; charset=utf-8"


def test_every_csv_route_is_listed(app):
    # A CSV made by a POST (a batch of new codes) is tested where it is made; it cannot be
    # fetched here without changing something.
    csv_endpoints = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if r.rule.endswith(".csv") and "GET" in (r.methods or ())
    }
    assert csv_endpoints, "no CSV routes found"
    assert csv_endpoints <= set(CSV_ROUTES), csv_endpoints - set(CSV_ROUTES)


@pytest.mark.parametrize("endpoint", sorted(CSV_ROUTES))
def test_csv_route_sends_one_charset(app, demo_site, endpoint):
    role, url = CSV_ROUTES[endpoint]
    rules = {r.endpoint for r in app.url_map.iter_rules()}
    if endpoint not in rules:
        pytest.fail(f"{endpoint} is not a route")
    response = client_for(app, demo_site, role).get(url())
    assert response.status_code == 200, url()
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="')
