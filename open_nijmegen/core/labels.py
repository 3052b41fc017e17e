"""B1 words for stored codes in table columns, for pages that show rows as they are stored (the
"my data" page and its downloads): ``status = 'in_uitvoering'`` reads "Het werk is bezig".

A module registers the labels of its own columns with ``register_value_labels`` (the core never
imports a module); ``value_label`` gives the words for one value."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

from open_nijmegen.core.audit import audit_label
from open_nijmegen.core.objects import object_type_label

Labeller = Callable[[Any, Mapping[str, Any]], Any]
ANY_TABLE = "*"
_LABELS: dict[tuple[str, str], Labeller] = {}


def register_value_labels(table: str, column: str, labels: Mapping[Any, Any] | Labeller) -> None:
    """``labels``: a mapping from stored value (or enum member) to words, or a function
    ``(value, row) -> words``. ``table`` may be ``ANY_TABLE`` for a column every table means
    the same way (``object_type``)."""
    if callable(labels) and not isinstance(labels, Mapping):
        _LABELS[(table, column)] = labels
        return
    words = {(k.value if isinstance(k, enum.Enum) else k): v for k, v in labels.items()}
    _LABELS[(table, column)] = lambda value, _row: words.get(value, value)


def value_label(table: str, column: str, value: Any, row: Mapping[str, Any] | None = None) -> Any:
    """The words for a stored value, or the value itself when its column has no labels."""
    if value is None:
        return None
    labeller = _LABELS.get((table, column)) or _LABELS.get((ANY_TABLE, column))
    if labeller is None:
        return value
    raw = value.value if isinstance(value, enum.Enum) else value
    shown = labeller(raw, row or {})
    return str(shown) if shown is not None else None


def label_row(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row with words instead of codes, column by column (each from the stored row)."""
    return {column: value_label(table, column, value, row) for column, value in row.items()}


CONTENT_TYPES = {
    "image/jpeg": "Foto (JPG)",
    "image/png": "Afbeelding (PNG)",
    "image/webp": "Afbeelding (WEBP)",
    "application/pdf": "PDF-bestand",
}


def file_size(size: Any, _row: Mapping[str, Any] | None = None) -> str:
    """A file size people read: "830 bytes", "12 kB", "3,4 MB"."""
    if not isinstance(size, int):
        return str(size)
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


register_value_labels(ANY_TABLE, "object_type", lambda value, _row: object_type_label(value))
register_value_labels("audit_log", "action", lambda value, _row: audit_label(value))
register_value_labels("upload", "content_type", lambda v, _row: CONTENT_TYPES.get(v, "Bestand"))
register_value_labels("upload", "size", file_size)
# A status history row: the words of the status of the object it is about.
register_value_labels(
    "status_change",
    "to_status",
    lambda value, row: value_label(str(row.get("object_type") or ""), "status", value, row),
)
