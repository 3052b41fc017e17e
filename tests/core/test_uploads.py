"""Uploads: checked by content, images re-encoded without metadata, stored outside static."""

from __future__ import annotations

import io
import os

import pytest
from factories import make_user
from helpers import huge_png, login_as
from PIL import Image, ImageFile, PngImagePlugin
from werkzeug.datastructures import FileStorage

from open_nijmegen.core.models import Upload
from open_nijmegen.core.uploads import UploadError, can_view_upload, store_upload, upload_url
from open_nijmegen.extensions import db

GPS_IFD = 0x8825
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _file(data: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), name)


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[0x0131] = "Geheime software"  # Software
    exif[0x0112] = 6  # Orientation: rotate 90
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (51.0, 50.0, 30.0)  # Nijmegen
    gps[3] = "E"
    gps[4] = (5.0, 51.0, 0.0)
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>51,50N</exif:GPSLatitude></x:xmpmeta>'
    image.save(out, "JPEG", exif=exif, comment=b"thuisadres", xmp=xmp)
    data = out.getvalue()
    assert b"GPSLatitude" in data and b"thuisadres" in data
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(GPS_IFD), "the test image must carry GPS"
    return data


def _stored(upload: Upload) -> bytes:
    from open_nijmegen.core.uploads import upload_folder

    with open(os.path.join(upload_folder(), upload.stored_name), "rb") as handle:
        return handle.read()


def test_jpeg_is_reencoded_without_exif_or_gps():
    data = _jpeg_with_gps()
    upload = store_upload(_file(data, "IMG_0001.jpg"), {"image"})
    stored = _stored(upload)
    assert upload.content_type == "image/jpeg"
    assert b"Telefoonmerk" not in stored and b"thuisadres" not in stored
    assert b"Exif" not in stored and b"GPSLatitude" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert not image.getexif().get_ifd(GPS_IFD)
        assert "exif" not in image.info and "comment" not in image.info
        assert image.size == (48, 64), "the orientation was applied before dropping EXIF"


def test_png_text_and_exif_chunks_are_dropped():
    image = Image.new("RGBA", (20, 20), (0, 0, 255, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Hertogstraat 1, Nijmegen")
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD)[1] = "N"
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=exif)
    upload = store_upload(_file(out.getvalue(), "kaart.png"), {"image"})
    stored = _stored(upload)
    assert b"Hertogstraat" not in stored
    with Image.open(io.BytesIO(stored)) as clean:
        assert clean.format == "PNG"
        assert not getattr(clean, "text", {})
        assert len(clean.getexif()) == 0


@pytest.fixture()
def no_decoding(monkeypatch):
    """Decoding pixels raises (and is counted): Image.load and ImageFile.load (PNG, JPEG...)."""
    calls = []

    def refuse(self, *args, **kwargs):
        calls.append(self.size)
        raise AssertionError("the picture was decoded")

    monkeypatch.setattr(Image.Image, "load", refuse)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    return calls


def test_huge_png_is_refused_from_its_header_without_decoding(no_decoding):
    data = huge_png(7800, 7800)  # 60.8 megapixel in about 59 KB
    assert len(data) < 100_000
    with pytest.raises(UploadError) as error:
        store_upload(_file(data, "groot.png"), {"image"})
    assert str(error.value) == (
        "Deze foto is te groot. Een foto mag hoogstens 40 megapixel zijn. "
        "Maak de foto kleiner en kies hem opnieuw."
    )
    assert no_decoding == []  # refused before any pixel was decoded
    assert db.session.query(Upload).count() == 0


def test_the_decoding_guard_notices_decoding(no_decoding):
    """The guard above works: a normal photo is decoded (and here that raises)."""
    with pytest.raises(AssertionError, match="decoded"):
        store_upload(_file(_jpeg_with_gps(), "foto.jpg"), {"image"})
    assert no_decoding


def test_far_too_large_png_gets_the_same_message():
    """Above twice the limit Pillow refuses in Image.open itself; the message is the same."""
    with pytest.raises(UploadError, match="hoogstens 40 megapixel"):
        store_upload(_file(huge_png(12000, 12000), "reus.png"), {"image", "pdf"})


def test_pixel_limit_is_a_setting(app):
    old = app.config["MAX_IMAGE_PIXELS"]
    app.config["MAX_IMAGE_PIXELS"] = 2_000_000
    try:
        with pytest.raises(UploadError, match="hoogstens 2 megapixel"):
            store_upload(_file(huge_png(2000, 1001), "foto.png"), {"image"})
        assert store_upload(_file(huge_png(2000, 1000), "foto.png"), {"image"}).id
        assert Image.MAX_IMAGE_PIXELS == 2_000_000  # Pillow's own guard follows it
    finally:
        app.config["MAX_IMAGE_PIXELS"] = old
        Image.MAX_IMAGE_PIXELS = old
    assert app.config["MAX_IMAGE_PIXELS"] == 40_000_000  # the default


def test_large_image_is_scaled_down():
    out = io.BytesIO()
    Image.new("RGB", (3000, 1000)).save(out, "PNG")
    upload = store_upload(_file(out.getvalue(), "groot.png"), {"image"})
    with Image.open(io.BytesIO(_stored(upload))) as image:
        assert max(image.size) == 2400


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"Dit is gewoon tekst, geen foto.\n", "foto.jpg"),
        (b"<html><script>alert(1)</script></html>", "pagina.png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "kapot.jpg"),
        (b"GIF89a" + b"\x00" * 30, "bewegend.gif"),
    ],
)
def test_non_images_are_refused_with_a_b1_message(data, name):
    with pytest.raises(UploadError) as error:
        store_upload(_file(data, name), {"image"})
    message = str(error.value)
    assert "foto" in message and "JPG" in message
    assert db.session.query(Upload).count() == 0


def test_pdf_is_accepted_by_content_not_by_name():
    upload = store_upload(_file(PDF, "scan.jpg"), {"pdf", "image"})
    assert upload.content_type == "application/pdf"
    assert upload.stored_name.endswith(".pdf")
    assert _stored(upload) == PDF


def test_pdf_header_without_trailer_is_refused():
    with pytest.raises(UploadError, match="geen goede PDF"):
        store_upload(_file(b"%PDF-1.4\nalleen een kop", "half.pdf"), {"pdf"})


def test_image_where_only_pdf_is_allowed():
    with pytest.raises(UploadError, match="Kies een PDF"):
        store_upload(_file(_jpeg_with_gps(), "foto.pdf"), {"pdf"})


def test_too_large_and_empty_are_refused(app):
    old = app.config["MAX_UPLOAD_BYTES"]
    app.config["MAX_UPLOAD_BYTES"] = 1024 * 1024
    try:
        with pytest.raises(UploadError, match="te groot. Het mag hoogstens 1 MB zijn"):
            store_upload(_file(PDF + b"0" * (1024 * 1024), "groot.pdf"), {"pdf"})
    finally:
        app.config["MAX_UPLOAD_BYTES"] = old
    with pytest.raises(UploadError, match="leeg"):
        store_upload(_file(b"", "leeg.pdf"), {"pdf"})


def test_stored_under_a_generated_name_outside_static(app):
    upload = store_upload(_file(PDF, "../../static/<script>\x00evil.pdf"), {"pdf"})
    assert upload.stored_name.endswith(".pdf") and len(upload.stored_name) == 36
    assert "/" not in upload.original_name and "\x00" not in upload.original_name
    folder = os.path.realpath(app.config["UPLOAD_FOLDER"])
    assert not folder.startswith(os.path.realpath(app.static_folder))
    assert os.path.exists(os.path.join(folder, upload.stored_name))


def test_can_view_upload_denies_by_default(client):
    owner = make_user(password="")
    other = make_user(password="")
    loose = store_upload(_file(PDF, "brief.pdf"), {"pdf"}, owner=owner)
    # Attached to an object whose type says nothing about uploads: nobody may see it.
    attached = store_upload(_file(PDF, "bijlage.pdf"), {"pdf"}, owner=owner, obj=other)
    missing = store_upload(_file(PDF, "wees.pdf"), {"pdf"}, owner=owner)
    missing.object_type, missing.object_id = "bestaat-niet", 1
    db.session.commit()

    from flask_login import login_user

    with client.application.test_request_context():
        assert not can_view_upload(loose), "anonymous"
        login_user(owner)
        assert can_view_upload(loose)
        assert not can_view_upload(attached), "no can_view_upload hook: deny"
        assert not can_view_upload(missing)
        login_user(other)
        assert not can_view_upload(loose)
        assert not can_view_upload(attached)


def test_upload_route_serves_only_to_who_may_see_it(client, app):
    owner = make_user(password="")
    upload = store_upload(_file(PDF, "brief <1>.pdf"), {"pdf"}, owner=owner)
    db.session.commit()
    with app.test_request_context():
        url = upload_url(upload)
    anonymous = client.get(url)
    assert anonymous.status_code == 404
    login_as(client, owner)
    response = client.get(url)
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["Content-Disposition"].startswith("attachment")
    response.close()
    wrong_name = client.get(f"/uploads/{upload.id}/{'0' * 32}.pdf")
    assert wrong_name.status_code == 404
