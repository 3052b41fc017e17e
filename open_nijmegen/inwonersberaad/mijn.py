"""The inwonersberaad section of Mijn Open Nijmegen: the beraden I am a member of (shown only
to members), each with its phase and a link to the members' dossier."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from open_nijmegen.core.i18n import N_
from open_nijmegen.core.registry import MijnSection, registry
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad.models import Beraad, Beraadslid


def my_beraden(user: Any) -> list[Beraad]:
    return list(
        db.session.scalars(
            sa.select(Beraad)
            .join(Beraadslid, Beraadslid.beraad_id == Beraad.id)
            .where(
                Beraadslid.user_id == user.id,
                Beraadslid.geaccepteerd_op.is_not(None),
                Beraadslid.gestopt_op.is_(None),
            )
            .order_by(Beraad.id.desc())
        )
    )


def _context(user: Any) -> dict[str, Any] | None:
    beraden = my_beraden(user)
    return {"beraden": beraden} if beraden else None


registry.add_mijn_section(
    MijnSection(
        "beraden", N_("Mijn inwonersberaad"), "inwonersberaad/_mijn_beraden.html", _context, 50
    )
)
