"""Mijn Open Nijmegen (``/mijn``): one page with the user's own items.

The page is built from the sections modules register (``registry.add_mijn_section``); the core
adds "Wat ik volg" itself, because follows are a core building block. Every section reads the
rows of the logged-in user only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from open_nijmegen.core.db_requests import read_only
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.models import Follow
from open_nijmegen.core.objects import load_object
from open_nijmegen.core.permissions import login_required
from open_nijmegen.core.registry import MijnSection, registry
from open_nijmegen.extensions import db

MAX_FOLLOWS = 200


@dataclass(frozen=True)
class FollowedItem:
    object_type: str
    object_id: int
    title: str
    url: str


def followed_items(user: Any) -> list[FollowedItem]:
    """What ``user`` follows now and may still see, the newest follow first."""
    rows = db.session.scalars(
        sa.select(Follow)
        .where(Follow.user_id == user.id, Follow.active.is_(True))
        .order_by(Follow.id.desc())
        .limit(MAX_FOLLOWS)
    )
    items = []
    for row in rows:
        target = load_object(row.object_type, row.object_id)
        if target is None or not hasattr(target, "can_view") or not target.can_view(user):
            continue
        items.append(
            FollowedItem(row.object_type, row.object_id, target.object_title(), target.object_url())
        )
    return items


def _follows_context(user: Any) -> dict[str, Any]:
    return {"volgt": followed_items(user)}


registry.add_mijn_section(
    MijnSection("volgen", N_("Wat ik volg"), "core/_mijn_volgen.html", _follows_context, order=30)
)


@login_required
@read_only
def mijn() -> ResponseReturnValue:
    return render_template("core/mijn.html", sections=registry.mijn_sections(current_user))
