"""The ideeën sections of Mijn Open Nijmegen: my ideas (with their state in words) and the
ideas I support. Each reads only the rows of the user it is given."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from open_nijmegen.core.i18n import N_
from open_nijmegen.core.registry import MijnSection, registry
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import Idee, Moderatie, Steun

MAX_ITEMS = 200


def state_label(idee: Idee) -> Any:
    """What the author reads about their own idea: never a code."""
    if idee.withdrawn_at is not None:
        return _l("U heeft dit idee ingetrokken")
    if idee.merged_into_id is not None:
        return _l("Samengevoegd met een ander idee")
    if idee.hidden_at is not None:
        return _l("Verborgen door een moderator")
    if idee.moderatie == Moderatie.WACHT:
        return _l("Wacht op controle")
    if idee.moderatie == Moderatie.AFGEWEZEN:
        return _l("Niet op de site gezet")
    return idee.status_label


def my_ideas(user: Any) -> list[Idee]:
    return list(
        db.session.scalars(
            sa.select(Idee)
            .where(Idee.author_id == user.id)
            .order_by(Idee.created_at.desc(), Idee.id.desc())
            .limit(MAX_ITEMS)
        )
    )


def my_supports(user: Any) -> list[Idee]:
    """The ideas ``user`` supports that they may still see."""
    ideas = db.session.scalars(
        sa.select(Idee)
        .join(Steun, Steun.idee_id == Idee.id)
        .where(Steun.user_id == user.id)
        .order_by(Steun.created_at.desc(), Steun.id.desc())
        .limit(MAX_ITEMS)
    )
    return [idee for idee in ideas if idee.can_view(user)]


def _ideas_context(user: Any) -> dict[str, Any]:
    return {"ideeen": [(idee, state_label(idee)) for idee in my_ideas(user)]}


def _supports_context(user: Any) -> dict[str, Any]:
    return {"ideeen": [(idee, idee.status_label) for idee in my_supports(user)]}


registry.add_mijn_section(
    MijnSection("ideeen", N_("Mijn ideeën"), "ideeen/_mijn_ideeen.html", _ideas_context, order=10)
)
registry.add_mijn_section(
    MijnSection(
        "steun", N_("Ideeën die ik steun"), "ideeen/_mijn_steun.html", _supports_context, 20
    )
)
