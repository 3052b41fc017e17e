"""Uploads: checked by content (not by name or browser type), stored under generated names
outside ``static/``, served with ``nosniff`` and never as HTML.

Images (JPEG, PNG, WebP) are re-encoded with Pillow, which strips all metadata (including GPS),
and stored with smaller copies (``SIZES`` wide, named ``<name>-<width>.<ext>``) so pages can
offer a ``srcset``: a phone loads a 480 px copy, not the 2400 px photo.
PDFs are checked by their header and trailer and stored as they are.
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import warnings
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, send_file
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from open_nijmegen.core.forms import parse_id
from open_nijmegen.core.models import Upload
from open_nijmegen.extensions import db

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
MAX_IMAGE_SIDE = 2400
SIZES = (480, 960, 1600)  # widths of the smaller copies made at upload


class UploadError(ValueError):
    """The file is refused; the message is B1 Dutch."""


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None
    copies: dict[int, bytes] = field(default_factory=dict)  # width -> smaller copy


def _read_limited(file: FileStorage) -> bytes:
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    data = file.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(
            _(
                "Het bestand is te groot. Het mag hoogstens %(mb)d MB zijn.",
                mb=limit // (1024 * 1024),
            )
        )
    if not data:
        raise UploadError(_("Het bestand is leeg. Kies een ander bestand."))
    return data


def max_image_pixels() -> int:
    return int(current_app.config["MAX_IMAGE_PIXELS"])


class TooManyPixels(UploadError):
    """A photo whose width x height (from its header) is above ``MAX_IMAGE_PIXELS``."""


def _too_many_pixels(limit: int) -> UploadError:
    return TooManyPixels(
        _(
            "Deze foto is te groot. Een foto mag hoogstens %(mp)d megapixel zijn. "
            "Maak de foto kleiner en kies hem opnieuw.",
            mp=limit // 1_000_000,
        )
    )


def check_image(data: bytes) -> CheckedFile:
    limit = max_image_pixels()
    # Pillow's own guard at the same limit (it refuses above twice it), for every image this
    # process opens; below that, the check on the header here refuses first.
    Image.MAX_IMAGE_PIXELS = limit
    try:
        with warnings.catch_warnings():
            # Pillow warns between the limit and twice it; the size check below refuses those.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))  # reads the header only
        with probe:
            fmt = probe.format
            width, height = probe.size
            if width * height > limit:  # before verify() or load(): nothing decoded yet
                raise _too_many_pixels(limit)
            probe.verify()
        if fmt not in IMAGE_FORMATS:
            raise UploadError(_("Kies een foto in JPG, PNG of WebP."))
        with Image.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img)
            img.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            if fmt == "JPEG" and img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            # Pillow reuses info (JPEG comment, XMP, ICC) as save defaults: start empty.
            img.info = {}
            out = io.BytesIO()
            # Saving without exif/info drops every piece of metadata.
            save_args: dict[str, Any] = {"format": fmt}
            if fmt == "JPEG":
                save_args.update(quality=85, optimize=True)
            img.save(out, **save_args)
            width, height = img.size
            copies = {}
            for size in (s for s in SIZES if s < width):
                copy = img.resize((size, max(1, round(height * size / width))), Image.LANCZOS)
                buffer = io.BytesIO()
                copy.save(buffer, **save_args)
                copies[size] = buffer.getvalue()
    except UploadError:
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels(limit) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise UploadError(
            _("Dit bestand is geen goede foto. Kies een foto in JPG, PNG of WebP.")
        ) from None
    content_type, ext = IMAGE_FORMATS[fmt]
    return CheckedFile(out.getvalue(), content_type, ext, width, height, copies)


def check_pdf(data: bytes) -> CheckedFile:
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise UploadError(_("Dit bestand is geen goede PDF. Kies een ander bestand."))
    return CheckedFile(data, "application/pdf", "pdf")


def check_file(data: bytes, kinds: set[str]) -> CheckedFile:
    if "pdf" in kinds and data.startswith(b"%PDF-"):
        return check_pdf(data)
    if "image" in kinds:
        try:
            return check_image(data)
        except TooManyPixels:
            raise
        except UploadError:
            if "pdf" in kinds:
                raise UploadError(
                    _("Dit soort bestand kan niet. Kies een PDF of een foto (JPG, PNG of WebP).")
                ) from None
            raise
    raise UploadError(_("Dit soort bestand kan niet. Kies een PDF."))


def upload_folder() -> str:
    folder = current_app.config["UPLOAD_FOLDER"]
    os.makedirs(folder, exist_ok=True)
    return folder


def store_upload(file: FileStorage, kinds: set[str], owner: Any = None, obj: Any = None) -> Upload:
    """Check the file by content and store it; raise UploadError with a B1 message."""
    data = _read_limited(file)
    checked = check_file(data, kinds)
    stored_name = f"{secrets.token_hex(16)}.{checked.extension}"
    path = os.path.join(upload_folder(), stored_name)
    with open(path, "xb") as handle:
        handle.write(checked.data)
    for size, data in checked.copies.items():
        with open(os.path.join(upload_folder(), copy_name(stored_name, size)), "xb") as handle:
            handle.write(data)
    original = os.path.basename((file.filename or "bestand").replace("\\", "/"))[:200] or "bestand"
    upload = Upload(
        owner_id=getattr(owner, "id", None),
        object_type=getattr(obj, "__object_type__", None),
        object_id=getattr(obj, "id", None),
        stored_name=stored_name,
        original_name="".join(ch for ch in original if ch.isprintable()),
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        width=checked.width,
        height=checked.height,
    )
    db.session.add(upload)
    db.session.flush()
    return upload


def attach(upload: Upload, obj: Any) -> None:
    upload.object_type = obj.__object_type__
    upload.object_id = obj.id


def copy_name(stored_name: str, size: int) -> str:
    stem, _, ext = stored_name.rpartition(".")
    return f"{stem}-{size}.{ext}"


def copy_widths(width: int | None) -> list[int]:
    """The widths of the smaller copies of a photo this wide (none when the width is unknown)."""
    return [s for s in SIZES if width is not None and s < width]


def file_for_name(upload: Upload, name: str) -> str | None:
    """The stored file a URL name points to: the upload itself or one of its smaller copies
    (a copy that is not on disk, e.g. lost in a restore, falls back to the photo itself)."""
    if name == upload.stored_name:
        return upload.stored_name
    for size in copy_widths(upload.width):
        if name == copy_name(upload.stored_name, size):
            copy = os.path.join(upload_folder(), name)
            return name if os.path.exists(copy) else upload.stored_name
    return None


def add_sizes(upload: Upload) -> bool:
    """For a photo stored before sizes were kept: note its size and make its smaller copies
    (the photo itself stays as it is). False when it is not a photo or its file is gone."""
    path = os.path.join(upload_folder(), upload.stored_name)
    if not upload.content_type.startswith("image/") or not os.path.exists(path):
        return False
    with open(path, "rb") as handle:
        checked = check_image(handle.read())
    for size, data in checked.copies.items():
        copy = os.path.join(upload_folder(), copy_name(upload.stored_name, size))
        if not os.path.exists(copy):
            with open(copy, "xb") as out:
                out.write(data)
    upload.width, upload.height = checked.width, checked.height
    return True


def delete_upload_file(upload: Upload) -> None:
    names = [upload.stored_name] + [copy_name(upload.stored_name, s) for s in SIZES]
    for name in names:
        path = os.path.join(upload_folder(), name)
        if os.path.exists(path):
            os.remove(path)


def can_view_upload(upload: Upload) -> bool:
    """An upload is visible when the object it belongs to says so (``can_view_upload``)."""
    from flask_login import current_user

    from open_nijmegen.core.objects import load_object

    if upload.object_type is None or upload.object_id is None:
        return current_user.is_authenticated and current_user.id == upload.owner_id
    target = load_object(upload.object_type, upload.object_id)
    check = getattr(target, "can_view_upload", None)
    return bool(target is not None and check is not None and check(current_user, upload))


def send_upload(
    upload: Upload, as_attachment: bool | None = None, name: str | None = None
) -> ResponseReturnValue:
    """Send the file (or its smaller copy ``name``). ``as_attachment`` None: PDFs as a download,
    images inline, unless the owning object type sets ``uploads_as_attachment = True``
    (e.g. a case file)."""
    path = os.path.join(upload_folder(), name or upload.stored_name)
    if not os.path.exists(path):
        from flask import abort

        abort(404)
    if as_attachment is None:
        from open_nijmegen.core.objects import model_for

        model = model_for(upload.object_type) if upload.object_type else None
        as_attachment = bool(getattr(model, "uploads_as_attachment", False)) or (
            not upload.content_type.startswith("image/")
        )
    # Read into memory and close at once (a photo is at most MAX_IMAGE_SIDE pixels, a PDF at
    # most MAX_UPLOAD_BYTES): a browser that drops the connection half way, as it does for the
    # photos of a page it leaves, then leaves no open file behind.
    with open(path, "rb") as handle:
        data = handle.read()
    stored = name or upload.stored_name
    response = send_file(
        io.BytesIO(data),
        mimetype=upload.content_type,
        as_attachment=as_attachment,
        download_name=upload.original_name if as_attachment else stored,
        max_age=0,
        etag=hashlib.sha256(f"{upload.sha256}:{stored}".encode()).hexdigest()[:32],
        last_modified=upload.created_at,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def upload_url(upload: Upload) -> str:
    from flask import url_for

    return url_for("core.upload", upload_id=upload.id, name=upload.stored_name)


@dataclass(frozen=True)
class Foto:
    """What a page needs to show a stored photo responsively (from an Upload or a query row)."""

    id: int
    stored_name: str
    width: int | None = None
    height: int | None = None

    @classmethod
    def of(cls, upload: Any) -> Foto | None:
        if upload is None:
            return None
        return cls(upload.id, upload.stored_name, upload.width, upload.height)

    @property
    def src(self) -> str:
        from flask import url_for

        return url_for("core.upload", upload_id=self.id, name=self.stored_name)

    @property
    def srcset(self) -> str:
        """The smaller copies and the photo itself, by width; empty when sizes are unknown."""
        from flask import url_for

        if self.width is None:
            return ""
        parts = [
            f"{url_for('core.upload', upload_id=self.id, name=copy_name(self.stored_name, s))} {s}w"
            for s in copy_widths(self.width)
        ]
        return ", ".join([*parts, f"{self.src} {self.width}w"])


def own_unattached_upload(owner: Any, upload_id: int | None) -> Upload | None:
    """A file the owner uploaded before (a preview, a form sent back with errors) that
    belongs to nothing yet."""
    if not upload_id:
        return None
    upload = db.session.get(Upload, upload_id)
    if upload is None or upload.owner_id != owner.id or upload.object_type is not None:
        return None
    return upload


def take_form_upload(form: Any, owner: Any, kinds: frozenset[str] = frozenset({"image"})) -> Any:
    """The photo of a form with a ``foto`` file field and an ``upload_id`` hidden field:
    a newly chosen file (checked by content and stored), or the one stored when the form was
    sent before, so a form sent back with errors (or a preview) does not lose it."""
    file = form.foto.data
    if file is not None and getattr(file, "filename", ""):
        try:
            upload = store_upload(file, set(kinds), owner=owner)
        except UploadError as error:
            form.foto.errors = [str(error)]
            form.upload_id.data = ""
            return None
        form.upload_id.data = str(upload.id)
        return upload
    raw = form.upload_id.data or ""
    upload = own_unattached_upload(owner, parse_id(raw))
    form.upload_id.data = str(upload.id) if upload else ""
    return upload
