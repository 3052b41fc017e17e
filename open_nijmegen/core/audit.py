"""The append-only audit log of staff actions, and the B1 labels the logboek shows for them.

An action is stored as a code (``setting.changed``); the page never shows the code. Each module
registers the labels of its own actions with ``register_audit_labels`` (the core never imports a
module); ``audit_label`` gives the label. Object types get their label where they are registered
(``core.objects.register_object_type(..., label=...)``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.extensions import db


def _clean(value: Any) -> Any:
    """Strip control characters from strings so a value cannot forge log lines."""
    if isinstance(value, str):
        return "".join(ch if ch.isprintable() else " " for ch in value)[:2000]
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def record_audit(actor: Any, action: str, obj: Any = None, **details: Any) -> None:
    from open_nijmegen.core.models import AuditLog

    entry = AuditLog(
        created_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=getattr(obj, "__object_type__", None) if obj is not None else None,
        object_id=getattr(obj, "id", None) if obj is not None else None,
        details=_clean(details),
    )
    db.session.add(entry)


# action code -> short B1 Dutch description (what happened), filled by the modules; a label is
# a msgid (mark it with N_), or (a msgid with %(stap)s, a msgid for the step) for a family of
# steps such as "Uitdaagrecht: %(stap)s", so each language can word the whole label.
AuditLabel = str | tuple[str, str]
AUDIT_LABELS: dict[str, AuditLabel] = {}
UNKNOWN_ACTION = N_("Andere actie")


def register_audit_labels(labels: Mapping[str, AuditLabel]) -> None:
    for code, label in labels.items():
        if code in AUDIT_LABELS and AUDIT_LABELS[code] != label:
            raise RuntimeError(f"audit action {code!r} has two labels")
        AUDIT_LABELS[code] = label


def audit_label(action: str | None) -> str:
    """The B1 label of an action code; never the code itself."""
    from flask_babel import gettext

    label = AUDIT_LABELS.get(action or "")
    if isinstance(label, tuple):
        whole, step = label
        return gettext(whole, stap=gettext(step).lower())
    return gettext(label) if label else gettext(UNKNOWN_ACTION)


register_audit_labels(
    {
        "setting.changed": N_("Instelling aangepast"),
        "papier.ingevoerd": N_("Stemmen op papier ingevoerd"),
    }
)
