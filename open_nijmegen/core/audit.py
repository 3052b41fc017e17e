"""The append-only audit log of staff actions."""

from __future__ import annotations

from typing import Any

from open_nijmegen.core.db import utcnow
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
