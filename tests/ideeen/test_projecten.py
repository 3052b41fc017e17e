"""Project pages, the home page's open projects and figures, the list's filter panel and
cards, and the map of all ideas (issue 16, points 2, 3 and 4)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from factories import make_staff, make_user
from helpers import csrf_token
from ideeen.factories import make_idee, make_thema, make_traject, make_wijk

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import Upload
from open_nijmegen.core.templating import forget_fragments
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import projecten, queries, services
from open_nijmegen.ideeen.demo_projecten import demo_image
from open_nijmegen.ideeen.models import IdeeStatus, Traject
from open_nijmegen.ideeen.phases import Fase

PHASES = [(Fase.IDEEEN, -40), (Fase.STEUNEN, -5), (Fase.BEANTWOORDEN, 20), (Fase.RESULTATEN, 60)]


def _html(response) -> str:
    return response.get_data(as_text=True)


def _url(traject: Traject) -> str:
    return f"/projecten/{traject.id}-{traject.slug}"


def test_timeline_marks_done_now_and_next_for_screen_readers(client):
    traject = make_traject(PHASES)
    response = client.get(_url(traject))
    assert response.status_code == 200
    html = _html(response)
    timeline = html[html.index('<ol class="site-tijdlijn">') : html.index("</ol>")]
    states = re.findall(r'<span class="site-tijdlijn__staat">([^<]+)</span>', timeline)
    assert states == ["Klaar", "Nu bezig", "Nog niet begonnen", "Nog niet begonnen"]
    assert timeline.count('aria-current="step"') == 1
    assert timeline.index('aria-current="step"') > timeline.index("Klaar")
    assert "Ideeën steunen" in timeline and "De gemeente geeft antwoord" in timeline
    assert "Er zijn nog geen ideeën in dit project." in html


def test_what_a_resident_can_do_now_and_until_when():
    traject = make_traject(PHASES)
    info = queries.traject_info(traject.id)
    last_day = traject.fases[2].begint_op - timedelta(seconds=1)
    from open_nijmegen.core.dates import datum

    assert projecten.nu_te_doen(info) == f"U kunt ideeën steunen tot en met {datum(last_day)}."
    later = utcnow() + timedelta(days=30)
    assert projecten.nu_te_doen(info, later).startswith("De gemeente geeft nu antwoord")
    before = utcnow() - timedelta(days=50)
    assert projecten.nu_te_doen(info, before) == (
        f"Dit project begint op {datum(traject.fases[0].begint_op)}."
    )
    assert "klaar" in projecten.nu_te_doen(info, utcnow() + timedelta(days=90))


def test_a_project_without_dates_yet_says_it_begins_soon(client):
    traject = make_traject([])
    assert (
        projecten.nu_te_doen(queries.traject_info(traject.id)) == "Dit project begint binnenkort."
    )
    assert client.get("/").status_code == 200


def test_project_page_shows_its_text_image_ideas_and_the_list_filters(client):
    traject = make_traject(PHASES)
    traject.samenvatting = "Eén zin over dit project."
    db.session.commit()
    mine = make_idee(traject=traject, titel="Een idee in dit project")
    make_idee(titel="Een idee in een ander project")
    other = make_wijk("Lent", "Nijmegen-Noord")
    html = _html(client.get(_url(traject)))
    assert "Eén zin over dit project." in html
    assert "Een idee in dit project" in html and "Een idee in een ander project" not in html
    assert '<details class="site-filters"' in html and 'name="traject"' not in html
    assert "1 idee gevonden" in html
    # The filters work on the project page too, and keep to the project.
    filtered = _html(client.get(_url(traject) + f"?wijk={other.id}"))
    assert "Een idee in dit project" not in filtered and "0 ideeën gevonden" in filtered
    # A wijk that does not exist is left out of the filter, with a note.
    unknown = _html(client.get(_url(traject) + f"?wijk={mine.wijk_id + 1000}"))
    assert "Een idee in dit project" in unknown and "Deze wijk kennen we niet" in unknown


def test_project_page_redirects_to_its_slug_and_404s_for_unknown(client):
    traject = make_traject(PHASES)
    wrong = client.get(f"/projecten/{traject.id}-iets-anders")
    assert wrong.status_code == 301 and wrong.headers["Location"].endswith(_url(traject))
    assert client.get("/projecten/99999-niets").status_code == 404


def test_every_idea_links_to_its_project(client):
    traject = make_traject(PHASES)
    idee = make_idee(traject=traject)
    assert f'href="{_url(traject)}"' in _html(client.get(f"/ideeen/{idee.id}-{idee.slug}"))
    listed = _html(client.get(f"/ideeen?traject={traject.slug}"))
    assert f'href="{_url(traject)}"' in listed


def test_officer_sets_the_line_text_and_image_and_can_remove_it(app, client, login):
    traject = make_traject(PHASES)
    login(make_staff(areas=["ideeen"]))
    token = csrf_token(client, f"/beheer/ideeen/trajecten/{traject.id}")
    dates = {
        f.fase.value: (f.begint_op + timedelta(hours=3)).date().isoformat() for f in traject.fases
    }
    data = {"csrf_token": token, "titel": "Groen in de wijk", "samenvatting": "Meer bomen.",
            "beschrijving": "Lange uitleg.", **dates}  # fmt: skip
    bad = client.post(
        f"/beheer/ideeen/trajecten/{traject.id}",
        data={**data, "afbeelding": (io.BytesIO(b"geen foto"), "x.jpg")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and "Meer bomen." in _html(bad)  # nothing typed is lost
    ok = client.post(
        f"/beheer/ideeen/trajecten/{traject.id}",
        data={**data, "afbeelding": (io.BytesIO(demo_image(1, (50, 120, 60))), "park.jpg")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    db.session.expire_all()
    traject = db.session.get(Traject, traject.id)
    assert traject.samenvatting == "Meer bomen." and traject.afbeelding_id is not None
    upload = db.session.get(Upload, traject.afbeelding_id)
    page = _html(client.get(_url(traject)))
    src = f"/uploads/{upload.id}/{upload.stored_name}"
    assert f'src="{src}"' in page and "Lange uitleg." in page
    served = client.get(src)
    assert served.status_code == 200  # the image of a project is public
    served.close()
    upload_id = upload.id
    client.post(f"/beheer/ideeen/trajecten/{traject.id}", data={**data, "afbeelding_weghalen": "y"})
    db.session.expire_all()
    assert db.session.get(Traject, traject.id).afbeelding_id is None
    assert db.session.get(Upload, upload_id) is None


def test_home_has_a_primary_action_open_projects_figures_and_answers(client):
    open_one = make_traject(PHASES)
    open_one.samenvatting = "Doe mee in uw wijk."
    closed = make_traject([(Fase.IDEEEN, -90), (Fase.RESULTATEN, -10)])
    supporter = make_user()
    idee = make_idee(traject=open_one, titel="Een idee met antwoord")
    services.support(supporter, idee)
    idee.status, idee.answered_at = IdeeStatus.OVERGENOMEN, utcnow()
    db.session.commit()
    queries.clear_reference_cache()
    forget_fragments()
    html = _html(client.get("/"))
    primary = re.search(
        r'<a class="utrecht-button utrecht-button--primary-action" href="([^"]+)">([^<]+)</a>', html
    )
    assert primary.group(1) == "/ideeen/nieuw" and primary.group(2) == "Deel uw idee"
    assert f'href="{_url(open_one)}"' in html and f'href="{_url(closed)}"' not in html
    assert "Doe mee in uw wijk." in html and "U kunt ideeën steunen tot en met" in html
    figures = re.findall(r'<span class="site-figures__number">(\d+)</span> ([^<]+)</li>', html)
    assert figures == [
        ("1", "ideeën van inwoners"),
        ("1", "mensen steunen een idee"),
        ("1", "ideeën kregen antwoord van de gemeente"),
    ]
    assert "Laatste antwoorden van de gemeente" in html and "Een idee met antwoord" in html


def test_home_shows_where_the_inwonersberaad_stands(client):
    from open_nijmegen.inwonersberaad.models import Beraad
    from open_nijmegen.inwonersberaad.models import Fase as BeraadFase

    db.session.add(
        Beraad(vraag="Hoe houden we de stad koel?", openbaar=True, fase=BeraadFase.WERVING)
    )
    db.session.commit()
    html = _html(client.get("/"))
    assert "Hoe houden we de stad koel?" in html and "<strong>Werving</strong>" in html


def test_list_filters_sit_in_a_panel_with_a_count_and_removable_links(client):
    wijk, thema = make_wijk("Hatert Zuid"), make_thema("Groen en blauw")
    make_idee(wijk=wijk, thema=thema, titel="Bomen in Hatert")
    make_idee(titel="Elders")
    closed = _html(client.get("/ideeen"))
    assert '<details class="site-filters">' in closed  # closed when no filter is on
    html = _html(client.get(f"/ideeen?wijk={wijk.id}&thema={thema.id}&sort=steun"))
    assert '<details class="site-filters" open>' in html
    assert "1 idee gevonden" in html and "Bomen in Hatert" in html and "Elders" not in html
    chips = dict(re.findall(r'<a class="site-chip" href="([^"]+)">.*?</span>(\w+): ', html))
    assert chips[f"/ideeen?thema={thema.id}&amp;sort=steun"] == "Wijk"
    assert chips[f"/ideeen?wijk={wijk.id}&amp;sort=steun"] == "Thema"


def test_cards_have_the_same_parts_and_a_sized_photo(client):
    photo = make_idee(titel="Met foto")
    from werkzeug.datastructures import FileStorage

    from open_nijmegen.core.uploads import attach, store_upload

    upload = store_upload(FileStorage(io.BytesIO(demo_image(2, (90, 90, 90))), "f.jpg"), {"image"})
    attach(upload, photo)
    photo.image_id = upload.id
    db.session.commit()
    make_idee(titel="Zonder foto")
    html = _html(client.get("/ideeen"))
    cards = re.findall(r'<li class="site-card site-idee">(.*?)</li>', html, re.S)
    assert len(cards) == 2
    img = re.search(r'<img class="site-idee__thumb"[^>]*>', html).group(0)
    assert f'src="/uploads/{upload.id}/{upload.stored_name}"' in img
    assert 'width="' in img and 'height="' in img and 'alt=""' in img
    shape = [re.findall(r"<dt>([^<]+)</dt>", card) for card in cards]
    assert shape[0] == shape[1] == ["Wijk", "Thema", "Status", "Steun", "Reacties", "Door"]


def test_map_without_tile_host_shows_the_list_and_a_note(client):
    make_idee(titel="Op de kaart", lat=51.84, lon=5.86)
    make_idee(titel="Zonder plek")
    html = _html(client.get("/ideeen/kaart"))
    assert "De kaart staat op deze website nu uit." in html
    assert "leaflet" not in html and "Op de kaart" in html and "Zonder plek" not in html


@pytest.fixture()
def tiles(app):
    app.config["MAP_TILE_URL"] = "https://tiles.example.org/{z}/{x}/{y}.png"
    forget_fragments()
    yield
    app.config["MAP_TILE_URL"] = ""
    forget_fragments()


def test_map_with_tile_host_clusters_markers_from_the_list(client, tiles):
    wijk = make_wijk("Lent Noord")
    make_idee(titel="In Lent", lat=51.86, lon=5.86, wijk=wijk)
    make_idee(titel="Elders op de kaart", lat=51.82, lon=5.80)
    html = _html(client.get(f"/ideeen/kaart?wijk={wijk.id}"))
    assert 'src="/static/vendor/leaflet.markercluster/leaflet.markercluster.js"' in html
    assert 'data-kaart="alle"' in html and 'data-lijst="kaart-lijst"' in html
    assert 'data-lat="51.86" data-lon="5.86"' in html and "Elders op de kaart" not in html
    for path in (
        "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "/static/vendor/leaflet.markercluster/MarkerCluster.css",
    ):
        served = client.get(path)
        assert served.status_code == 200
        served.close()
