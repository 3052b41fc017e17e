"""Record staff looks at personal data in the processing log (verwerkingenlog)."""

from __future__ import annotations

from typing import Any

from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.privacy.models import PURPOSES, Verwerking


def log_verwerking(
    actor: Any,
    object_type: str,
    object_id: int | None,
    purpose: str,
    subject_user_id: int | None = None,
    action: str = "inzien",
) -> Verwerking:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    entry = Verwerking(
        created_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        subject_user_id=subject_user_id,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose,
        action=action,
    )
    db.session.add(entry)
    return entry
