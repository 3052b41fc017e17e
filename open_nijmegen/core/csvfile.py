"""CSV downloads: one place that sets the Content-Type (``text/csv; charset=utf-8``, the charset
once) and the file name, with cells that are safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flask import Response

from open_nijmegen.core.csvsafe import safe_cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"  # makes Excel read the file as UTF-8


def csv_download(body: str, filename: str, headers: Mapping[str, str] | None = None) -> Response:
    """A CSV text as a download. ``content_type`` (not ``mimetype``) is used as given, so
    Werkzeug adds no second ``charset``."""
    response = Response(body, content_type=CSV_CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ",", bom: bool = True
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return (BOM if bom else "") + out.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    return csv_download(csv_text(header, rows), filename)
