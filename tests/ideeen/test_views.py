"""Request tests for the public pages: list, detail, posting with a preview, editing,
withdrawing, supporting; bad input and uploads."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from factories import HOSTILE, make_user
from helpers import csrf_token, huge_png
from ideeen.factories import make_idee, make_thema, make_traject, make_wijk
from PIL import Image

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import Follow, Upload
from open_nijmegen.core.settings import set_setting
from open_nijmegen.core.uploads import attach
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import Idee, Moderatie, Thema
from open_nijmegen.ideeen.phases import Fase


def _html(response):
    return response.get_data(as_text=True)


def _ids(html):
    return [int(i) for i in re.findall(r'href="/ideeen/(\d+)-', html)]


def _wijk():
    return db.session.scalar(sa.select(Wijk).order_by(Wijk.id))


def _thema():
    return db.session.scalar(sa.select(Thema).order_by(Thema.id))


# -- list ---------------------------------------------------------------------------------


def test_list_filters_by_wijk_thema_and_status(client):
    other_wijk, other_thema = make_wijk("Lent", "Nijmegen-Noord"), make_thema("Verkeer")
    a = make_idee()
    b = make_idee(wijk=other_wijk)
    c = make_idee(thema=other_thema)
    assert set(_ids(_html(client.get("/ideeen")))) == {a.id, b.id, c.id}
    assert _ids(_html(client.get(f"/ideeen?wijk={other_wijk.id}"))) == [b.id]
    assert _ids(_html(client.get(f"/ideeen?thema={other_thema.id}"))) == [c.id]
    assert _ids(_html(client.get("/ideeen?status=overgenomen"))) == []
    assert set(_ids(_html(client.get("/ideeen?status=open")))) == {a.id, b.id, c.id}


def test_list_sorts(client):
    a, b, c = make_idee(), make_idee(), make_idee()
    db.session.execute(sa.update(Idee).where(Idee.id == a.id).values(support_count=5))
    db.session.execute(sa.update(Idee).where(Idee.id == b.id).values(reaction_count=9))
    db.session.commit()
    assert _ids(_html(client.get("/ideeen")))[0] == c.id
    assert _ids(_html(client.get("/ideeen?sort=steun")))[0] == a.id
    assert _ids(_html(client.get("/ideeen?sort=reacties")))[0] == b.id
    assert _ids(_html(client.get("/ideeen?sort=beantwoord"))) == []


@pytest.mark.parametrize(
    "query",
    [
        "?wijk=abc",
        "?thema=-1",
        "?status=<script>",
        "?sort=DROP TABLE",
        "?na=%%%",
        "?na=eyJ4Ijox",
        "?q=" + "\"'*:()NEAR AND OR NOT" * 5,
        "?q=%00%01",
        "?traject=bestaat-niet",
        "?wijk=99999999999999999999",
    ],
)
def test_list_survives_hostile_parameters(client, query):
    make_idee()
    response = client.get("/ideeen" + query)
    assert response.status_code == 200


@pytest.mark.parametrize("raw", ["²", "١", "99999999999999999999", "-1", "999999"])
@pytest.mark.parametrize(("name", "note"), [("wijk", "Deze wijk"), ("thema", "Dit thema")])
def test_an_odd_wijk_or_thema_is_ignored_with_a_note(client, raw, name, note):
    idee = make_idee()
    response = client.get(f"/ideeen?{name}={raw}")
    assert response.status_code == 200
    html = _html(response)
    assert f"{note} kennen we niet" in html
    assert idee.id in _ids(html)  # the filter is left out, not applied


def test_a_known_wijk_gives_no_note(client):
    make_idee()
    html = _html(client.get(f"/ideeen?wijk={_wijk().id}&thema={_thema().id}"))
    assert "kennen we niet" not in html


def test_keyset_pagination_is_stable_and_complete(client, monkeypatch):
    monkeypatch.setattr("open_nijmegen.ideeen.queries.PAGE_SIZE", 3)
    ideas = [make_idee() for _ in range(8)]
    seen: list[int] = []
    url = "/ideeen?sort=steun"
    pages = 0
    while url:
        html = _html(client.get(url))
        seen += _ids(html)
        match = re.search(r'rel="next" href="([^"]+)"', html)
        url = match.group(1).replace("&amp;", "&") if match else None
        pages += 1
        assert pages < 10
    assert sorted(seen) == sorted(i.id for i in ideas)
    assert len(seen) == len(set(seen))
    assert pages == 3


def test_search_finds_title_and_text(client):
    a = make_idee(titel="Meer bankjes langs de Waalkade", tekst="Oudere mensen willen rusten.")
    b = make_idee(titel="Speeltuin in Hatert", tekst="Schaduw bij de glijbaan graag.")
    assert _ids(_html(client.get("/ideeen?q=bankjes"))) == [a.id]
    assert _ids(_html(client.get("/ideeen?q=glijbaan"))) == [b.id]
    assert _ids(_html(client.get("/ideeen?q=onbekendwoord"))) == []


def test_search_follows_edits(client, login):
    author = make_user()
    idee = make_idee(author=author, titel="Oude titel voor de test", tekst="x" * 30)
    idee.titel = "Nieuwe fietsenstalling bij station"
    db.session.commit()
    assert _ids(_html(client.get("/ideeen?q=fietsenstalling"))) == [idee.id]
    assert _ids(_html(client.get("/ideeen?q=Oude"))) == []


def test_traject_filter(client):
    traject = make_traject([(Fase.IDEEEN, -1)])
    a = make_idee(traject=traject)
    make_idee()
    html = _html(client.get(f"/ideeen?traject={traject.slug}"))
    assert _ids(html) == [a.id]


# -- detail -------------------------------------------------------------------------------


def test_detail_redirects_to_canonical_slug(client):
    idee = make_idee(titel="Bankjes op de Waalkade graag")
    response = client.get(f"/ideeen/{idee.id}-verkeerd")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/ideeen/{idee.id}-bankjes-op-de-waalkade-graag")
    assert client.get(f"/ideeen/{idee.id}").status_code == 301
    assert client.get("/ideeen/999999").status_code == 404


def test_detail_shows_everything_escaped(client):
    idee = make_idee(adres=HOSTILE)
    html = _html(client.get(f"/ideeen/{idee.id}-{idee.slug}"))
    assert "<script>alert" not in html
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "Wat de gemeente doet" in html
    assert "Reacties" in html


# -- posting ------------------------------------------------------------------------------


def _form(**extra):
    data = {
        "titel": "Meer groen op het Plein 1944",
        "tekst": "Het plein is erg stenig. Zet er bomen en bloembakken neer.",
        "wijk_id": str(_wijk().id),
        "thema_id": str(_thema().id),
        "adres": "Plein 1944",
    }
    data.update(extra)
    return data


def test_post_idea_with_preview_then_publish(client, login):
    user = make_user()
    login(user)
    assert client.get("/ideeen/nieuw").status_code == 200
    token = csrf_token(client, "/ideeen/nieuw")
    preview = client.post(
        "/ideeen/nieuw", data={"csrf_token": token, "actie": "voorbeeld", **_form()}
    )
    assert preview.status_code == 200
    html = _html(preview)
    assert "Voorbeeld van uw idee" in html and "Meer groen op het Plein 1944" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idee)) == 0
    done = client.post("/ideeen/nieuw", data={"csrf_token": token, "actie": "plaatsen", **_form()})
    assert done.status_code == 302
    idee = db.session.scalar(sa.select(Idee))
    assert idee.is_public and idee.author_id == user.id
    assert db.session.scalar(sa.select(Follow).where(Follow.object_id == idee.id)).active


def test_back_from_preview_keeps_text(client, login):
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    back = client.post("/ideeen/nieuw", data={"csrf_token": token, "actie": "aanpassen", **_form()})
    assert back.status_code == 200
    assert "Het plein is erg stenig" in _html(back)


def test_pre_moderation_keeps_new_idea_private(client, login):
    set_setting(None, "site.moderatie_vooraf", True)
    db.session.commit()
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    client.post("/ideeen/nieuw", data={"csrf_token": token, "actie": "plaatsen", **_form()})
    idee = db.session.scalar(sa.select(Idee))
    assert idee.moderatie == Moderatie.WACHT and not idee.is_public
    assert idee.titel not in _html(client.get("/ideeen"))
    # The author sees it with a note.
    html = _html(client.get(f"/ideeen/{idee.id}-{idee.slug}"))
    assert "Een medewerker kijkt er eerst naar" in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("titel", ""),
        ("titel", "x" * 121),
        ("tekst", "kort"),
        ("tekst", "x" * 10001),
        ("wijk_id", ""),
        ("wijk_id", "999999"),
        ("thema_id", "abc"),
        ("adres", "y" * 201),
    ],
)
def test_bad_input_rerenders_with_summary_and_typed_text(client, login, field, value):
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    data = _form(**{field: value})
    if field != "titel":
        data["titel"] = HOSTILE[:100]
    response = client.post(
        "/ideeen/nieuw", data={"csrf_token": token, "actie": "voorbeeld", **data}
    )
    assert response.status_code == 400
    html = _html(response)
    assert "Er gaat iets mis" in html
    assert f'href="#{field}"' in html
    if field != "titel":
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html  # typed title kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idee)) == 0


def test_missing_csrf_token_is_refused(client, login):
    login(make_user())
    response = client.post("/ideeen/nieuw", data={"actie": "plaatsen", **_form()})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idee)) == 0


def test_inactive_wijk_cannot_be_chosen(client, login):
    gone = make_wijk("Oude wijk", actief=False)
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    response = client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "actie": "plaatsen", **_form(wijk_id=str(gone.id))},
    )
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idee)) == 0


def test_closed_traject_refuses_new_ideas(client, login):
    traject = make_traject([(Fase.IDEEEN, -20), (Fase.GESLOTEN, -1)])
    login(make_user())
    response = client.get(f"/ideeen/nieuw?traject={traject.slug}")
    assert response.status_code == 302
    token = csrf_token(client, "/ideeen/nieuw")
    client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "actie": "plaatsen", "traject": traject.slug, **_form()},
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idee)) == 0


# -- uploads ------------------------------------------------------------------------------


def _png_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (10, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Camera-merk"
    exif[0x8825] = {1: "N", 2: (51.0, 50.0, 30.0), 3: "E", 4: (5.0, 51.0, 40.0)}
    out = io.BytesIO()
    image.save(out, format="PNG", exif=exif.tobytes())
    data = out.getvalue()
    assert b"Camera-merk" in data
    return data


def test_photo_is_stripped_of_metadata(client, login, app):
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    data = {
        "csrf_token": token,
        "actie": "voorbeeld",
        **_form(),
        "foto": (io.BytesIO(_png_with_gps()), "plein.png"),
    }
    preview = client.post("/ideeen/nieuw", data=data, content_type="multipart/form-data")
    assert preview.status_code == 200
    upload = db.session.scalar(sa.select(Upload))
    assert upload is not None and upload.object_type is None
    done = client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "actie": "plaatsen", **_form(), "upload_id": str(upload.id)},
    )
    assert done.status_code == 302
    idee = db.session.scalar(sa.select(Idee))
    assert idee.image_id == upload.id
    served = client.get(f"/uploads/{upload.id}/{upload.stored_name}")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/png"
    body = served.get_data()
    served.close()
    assert b"Camera-merk" not in body and b"Exif" not in body
    with Image.open(io.BytesIO(body)) as image:
        assert not image.getexif()


def test_text_file_named_jpg_is_refused_and_form_kept(client, login):
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    data = {
        "csrf_token": token,
        "actie": "voorbeeld",
        **_form(),
        "foto": (io.BytesIO(b"<html><script>alert(1)</script></html>"), "foto.jpg"),
    }
    response = client.post("/ideeen/nieuw", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    html = _html(response)
    assert "geen goede foto" in html
    assert "Het plein is erg stenig" in html and "Meer groen op het Plein 1944" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Upload)) == 0


def test_photo_with_too_many_pixels_is_refused_and_form_kept(client, login):
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    data = {
        "csrf_token": token,
        "actie": "plaatsen",
        **_form(),
        "foto": (io.BytesIO(huge_png(7800, 7800)), "plein.png"),
    }
    response = client.post("/ideeen/nieuw", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    html = _html(response)
    assert "Deze foto is te groot. Een foto mag hoogstens 40 megapixel zijn." in html
    assert "Het plein is erg stenig" in html and "Meer groen op het Plein 1944" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Upload)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idee)) == 0


@pytest.mark.parametrize("raw", ["²", "١٢", "99999999999999999999", "-1"])
def test_an_odd_upload_id_is_ignored(client, login, raw):
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    done = client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "actie": "plaatsen", **_form(), "upload_id": raw},
    )
    assert done.status_code == 302
    assert db.session.scalar(sa.select(Idee)).image_id is None


@pytest.mark.parametrize("raw", ["²", "١٢", "99999999999999999999", "-1"])
def test_an_odd_parent_id_is_a_b1_error_and_keeps_the_text(client, login, raw):
    idee = make_idee()
    login(make_user())
    url = f"/ideeen/{idee.id}-{idee.slug}"
    response = client.post(
        f"/reacties/idee/{idee.id}",
        data={"csrf_token": csrf_token(client, url), "body": "Mijn antwoord", "parent_id": raw},
    )
    assert response.status_code == 400
    html = _html(response)
    assert "De reactie waarop u antwoordt, bestaat niet meer." in html
    assert "Mijn antwoord" in html


def test_someone_elses_upload_cannot_be_attached(client, login):
    owner = make_user()
    foreign = Upload(
        owner_id=owner.id,
        stored_name="abc.png",
        original_name="x.png",
        content_type="image/png",
        size=1,
        sha256="0" * 64,
    )
    db.session.add(foreign)
    db.session.commit()
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "actie": "plaatsen", **_form(), "upload_id": str(foreign.id)},
    )
    assert db.session.scalar(sa.select(Idee)).image_id is None


def _stored_photo(owner) -> Upload:
    """A real photo, checked and written to the upload folder as an upload form does."""
    from werkzeug.datastructures import FileStorage

    from open_nijmegen.core.uploads import store_upload

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    out.seek(0)
    return store_upload(FileStorage(out, "foto.png"), {"image"}, owner=owner)


def test_image_of_hidden_idea_is_not_served(client):
    author = make_user()
    idee = make_idee(author=author)
    upload = _stored_photo(author)
    attach(upload, idee)
    idee.image_id = upload.id
    db.session.commit()
    url = f"/uploads/{upload.id}/{upload.stored_name}"
    with client.get(url) as shown:  # the file exists and is served while the idea is public
        assert shown.status_code == 200
        assert shown.mimetype == "image/png" and shown.data.startswith(b"\x89PNG")
    idee.hidden_at, idee.hidden_reason = utcnow(), "Scheldwoorden"
    db.session.commit()
    assert client.get(url).status_code == 404


# -- edit, withdraw, support --------------------------------------------------------------


def test_author_edits_until_first_support(client, login):
    author = make_user()
    idee = make_idee(author=author)
    login(author)
    token = csrf_token(client, f"/ideeen/{idee.id}/bewerken")
    response = client.post(
        f"/ideeen/{idee.id}/bewerken",
        data={"csrf_token": token, **_form(titel="Een betere titel voor dit idee")},
    )
    assert response.status_code == 302
    assert db.session.get(Idee, idee.id).titel == "Een betere titel voor dit idee"
    db.session.execute(sa.update(Idee).where(Idee.id == idee.id).values(support_count=1))
    db.session.commit()
    response = client.post(
        f"/ideeen/{idee.id}/bewerken", data={"csrf_token": token, **_form(titel="Nog een titel")}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Idee, idee.id).titel == "Een betere titel voor dit idee"


def test_under_pre_moderation_an_edited_idea_is_checked_again(client, login):
    set_setting(None, "site.moderatie_vooraf", True)
    db.session.commit()
    author = make_user()
    form = _form()
    idee = make_idee(
        author=author,
        titel=form["titel"],
        tekst=form["tekst"],
        adres=form["adres"],
        wijk=_wijk(),
        thema=_thema(),
    )
    login(author)
    token = csrf_token(client, f"/ideeen/{idee.id}/bewerken")
    unchanged = form
    client.post(f"/ideeen/{idee.id}/bewerken", data={"csrf_token": token, **unchanged})
    db.session.expire_all()
    assert db.session.get(Idee, idee.id).is_public, "saving without a change keeps it public"

    response = client.post(
        f"/ideeen/{idee.id}/bewerken",
        data={"csrf_token": token, **_form(titel="Een nieuwe titel die niemand controleerde")},
    )
    assert response.status_code == 302
    db.session.expire_all()
    edited = db.session.get(Idee, idee.id)
    assert edited.moderatie == Moderatie.WACHT and not edited.is_public
    assert "niemand controleerde" not in _html(client.get("/ideeen"))
    page = _html(client.get(response.headers["Location"], follow_redirects=True))
    assert "Een medewerker kijkt er eerst naar" in page


def test_edit_bad_input_keeps_text(client, login):
    author = make_user()
    idee = make_idee(author=author)
    login(author)
    token = csrf_token(client, f"/ideeen/{idee.id}/bewerken")
    response = client.post(
        f"/ideeen/{idee.id}/bewerken", data={"csrf_token": token, **_form(titel="")}
    )
    assert response.status_code == 400
    assert "Er gaat iets mis" in _html(response) and "Het plein is erg stenig" in _html(response)


def test_withdraw_removes_idea_from_public(client, login):
    author = make_user()
    idee = make_idee(author=author)
    login(author)
    token = csrf_token(client, f"/ideeen/{idee.id}/intrekken")
    assert (
        client.post(f"/ideeen/{idee.id}/intrekken", data={"csrf_token": token}).status_code == 302
    )
    client.get("/")  # any page
    client.post("/account/uitloggen", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Idee, idee.id).withdrawn_at is not None
    anonymous = client.application.test_client()
    assert anonymous.get(f"/ideeen/{idee.id}-{idee.slug}").status_code == 404
    assert str(idee.id) not in _ids(_html(anonymous.get("/ideeen")))


def test_support_and_withdraw_support(client, login):
    idee = make_idee()
    user = make_user()
    login(user)
    token = csrf_token(client, f"/ideeen/{idee.id}-{idee.slug}")
    client.post(f"/ideeen/{idee.id}/steunen", data={"csrf_token": token})
    client.post(f"/ideeen/{idee.id}/steunen", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Idee, idee.id).support_count == 1
    html = _html(client.get(f"/ideeen/{idee.id}-{idee.slug}"))
    assert "U steunt dit idee." in html and "1 persoon steunt dit idee." in html
    follow = db.session.scalar(sa.select(Follow).where(Follow.user_id == user.id))
    assert follow is not None and follow.active
    client.post(f"/ideeen/{idee.id}/steun-intrekken", data={"csrf_token": token})
    client.post(f"/ideeen/{idee.id}/steun-intrekken", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Idee, idee.id).support_count == 0


def test_support_refused_in_answer_phase(client, login):
    traject = make_traject([(Fase.IDEEEN, -30), (Fase.BEANTWOORDEN, -1)])
    idee = make_idee(traject=traject)
    login(make_user())
    token = csrf_token(client, f"/ideeen/{idee.id}-{idee.slug}")
    client.post(f"/ideeen/{idee.id}/steunen", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Idee, idee.id).support_count == 0


def test_turned_off_follow_stays_off_after_support(client, login):
    from open_nijmegen.core.interactions.services import set_follow

    idee = make_idee()
    user = make_user()
    set_follow(user, idee, False)
    db.session.commit()
    login(user)
    token = csrf_token(client, f"/ideeen/{idee.id}-{idee.slug}")
    client.post(f"/ideeen/{idee.id}/steunen", data={"csrf_token": token})
    db.session.expire_all()
    assert not db.session.scalar(sa.select(Follow).where(Follow.user_id == user.id)).active


# -- map ----------------------------------------------------------------------------------


def test_no_map_without_tile_host(client, login):
    idee = make_idee(lat=51.84, lon=5.86)
    html = _html(client.get(f"/ideeen/{idee.id}-{idee.slug}"))
    assert "leaflet" not in html and "data-kaart" not in html
    login(make_user())
    assert "leaflet" not in _html(client.get("/ideeen/nieuw"))


def test_map_with_tile_host_is_served_from_the_site(app, client, login):
    tiles = (
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
    )
    app.config["MAP_TILE_URL"] = tiles
    try:
        idee = make_idee(lat=51.84, lon=5.86)
        html = _html(client.get(f"/ideeen/{idee.id}-{idee.slug}"))
        assert 'src="/static/vendor/leaflet/leaflet.js"' in html
        assert 'src="/static/js/ideeen-kaart.js"' in html
        assert 'data-kaart="tonen"' in html and 'data-lat="51.84"' in html
        assert "<script>" not in html and "style=" not in html
        login(make_user())
        form = _html(client.get("/ideeen/nieuw"))
        assert 'data-kaart="kiezen"' in form and 'name="adres"' in form
    finally:
        app.config["MAP_TILE_URL"] = ""
    for path in ("/static/vendor/leaflet/leaflet.js", "/static/js/ideeen-kaart.js"):
        response = client.get(path)
        assert response.status_code == 200
        response.close()


def test_point_outside_nijmegen_is_dropped(client, login):
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "actie": "plaatsen", **_form(lat="40.0", lon="2.0")},
    )
    idee = db.session.scalar(sa.select(Idee))
    assert idee.lat is None and idee.lon is None
    token = csrf_token(client, "/ideeen/nieuw")
    client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "actie": "plaatsen", **_form(lat="51,845", lon="5.86")},
    )
    second = db.session.scalars(sa.select(Idee).order_by(Idee.id.desc())).first()
    assert (second.lat, second.lon) == (51.845, 5.86)


def test_anonymous_pages_set_no_cookie(client):
    idee = make_idee()
    for url in ("/ideeen", f"/ideeen/{idee.id}-{idee.slug}", "/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, url
