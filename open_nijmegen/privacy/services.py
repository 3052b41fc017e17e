"""Record staff looks at personal data in the processing log (verwerkingenlog).

Every value goes into its own structured column; free text is never written. Codes are checked
against fixed lists or a strict pattern, so a value with a newline or a control character
cannot forge an entry, neither here nor in an export.
"""

from __future__ import annotations

import re
from typing import Any

from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.privacy.models import PURPOSES, Verwerking

ACTIONS = frozenset({"inzien", "wissen", "downloaden"})
_CODE = re.compile(r"[a-z][a-z0-9_.-]{0,39}")


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
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not isinstance(object_type, str) or not _CODE.fullmatch(object_type):
        raise ValueError(f"object type must be a short code, not {object_type!r}")
    if object_id is not None and not isinstance(object_id, int):
        raise ValueError("object id must be a number")
    if subject_user_id is not None and not isinstance(subject_user_id, int):
        raise ValueError("subject user id must be a number")
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
