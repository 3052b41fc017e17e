"""Photos are stored with smaller copies for srcset (issue 15 point 14, issue 16 point 4): a
phone loads a 480 px copy, every <img> of a photo has width and height, and the copies are
served under the same permission as the photo itself."""

from __future__ import annotations

import io
import os
import re

from factories import make_user
from helpers import login_as
from PIL import Image
from werkzeug.datastructures import FileStorage

from open_nijmegen.core.models import Upload
from open_nijmegen.core.templating import foto_img
from open_nijmegen.core.uploads import (
    SIZES,
    add_sizes,
    copy_name,
    delete_upload_file,
    store_upload,
    upload_folder,
)
from open_nijmegen.extensions import db


def _jpeg(width: int, height: int) -> FileStorage:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 60)).save(out, "JPEG")
    return FileStorage(io.BytesIO(out.getvalue()), "foto.jpg")


def _size_of(name: str) -> tuple[int, int]:
    with Image.open(os.path.join(upload_folder(), name)) as img:
        return img.size


def test_a_wide_photo_gets_a_copy_per_smaller_width():
    upload = store_upload(_jpeg(2000, 1000), {"image"}, owner=make_user())
    assert (upload.width, upload.height) == (2000, 1000)
    for size in SIZES:
        assert _size_of(copy_name(upload.stored_name, size)) == (size, size // 2)
    assert _size_of(upload.stored_name) == (2000, 1000)


def test_a_small_photo_gets_no_copies_wider_than_itself():
    upload = store_upload(_jpeg(700, 400), {"image"}, owner=make_user())
    assert os.path.exists(os.path.join(upload_folder(), copy_name(upload.stored_name, 480)))
    assert not os.path.exists(os.path.join(upload_folder(), copy_name(upload.stored_name, 960)))


def test_img_has_srcset_sizes_width_and_height(app):
    upload = store_upload(_jpeg(2000, 1000), {"image"}, owner=make_user())
    with app.test_request_context():
        html = str(foto_img(upload, alt="Een <park>", sizes="100vw"))
    assert 'width="2000" height="1000"' in html
    assert 'alt="Een &lt;park&gt;"' in html
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    widths = [int(w) for w in re.findall(r" (\d+)w", srcset)]
    assert widths == [480, 960, 1600, 2000]
    assert 'sizes="100vw"' in html
    with app.test_request_context():
        card = str(foto_img(upload, box=(480, 270), lazy=True))
    assert 'width="480" height="270"' in card and 'loading="lazy"' in card


def test_copies_are_served_only_to_who_may_see_the_photo(client, app):
    owner = make_user()
    upload = store_upload(_jpeg(1200, 600), {"image"}, owner=owner)  # not attached: owner only
    db.session.commit()
    copy = f"/uploads/{upload.id}/{copy_name(upload.stored_name, 480)}"
    assert client.get(copy).status_code == 404
    login_as(client, owner)
    response = client.get(copy)
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.data)) as img:
        assert img.size == (480, 240)
    response.close()
    # A width that was never made, or another upload's copy name: not found.
    assert (
        client.get(f"/uploads/{upload.id}/{copy_name(upload.stored_name, 1600)}").status_code == 404
    )
    assert (
        client.get(f"/uploads/{upload.id}/{copy_name('0' * 32 + '.jpg', 480)}").status_code == 404
    )


def test_a_lost_copy_falls_back_to_the_photo(client):
    owner = make_user()
    upload = store_upload(_jpeg(1200, 600), {"image"}, owner=owner)
    db.session.commit()
    os.remove(os.path.join(upload_folder(), copy_name(upload.stored_name, 480)))
    login_as(client, owner)
    response = client.get(f"/uploads/{upload.id}/{copy_name(upload.stored_name, 480)}")
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.data)) as img:
        assert img.size == (1200, 600)
    response.close()


def test_delete_removes_the_copies_too():
    upload = store_upload(_jpeg(1200, 600), {"image"}, owner=make_user())
    names = [upload.stored_name] + [copy_name(upload.stored_name, s) for s in (480, 960)]
    assert all(os.path.exists(os.path.join(upload_folder(), n)) for n in names)
    delete_upload_file(upload)
    assert not any(os.path.exists(os.path.join(upload_folder(), n)) for n in names)


def test_fotomaten_adds_sizes_to_photos_stored_before(app):
    upload = store_upload(_jpeg(1200, 600), {"image"}, owner=make_user())
    for size in (480, 960):
        os.remove(os.path.join(upload_folder(), copy_name(upload.stored_name, size)))
    upload.width = upload.height = None
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["fotomaten"])
    assert result.exit_code == 0, result.output
    assert "1 foto's" in result.output
    db.session.expire_all()
    again = db.session.get(Upload, upload.id)
    assert (again.width, again.height) == (1200, 600)
    assert _size_of(copy_name(upload.stored_name, 960)) == (960, 480)
    assert add_sizes(again) is True  # running it twice is harmless
