"""How long registrations of a beraad are kept after the beraad has ended.

Who was not chosen is deleted a term after the mail with the outcome
(``aanmelding.purge_registrations``). Every registration that is still there (the chosen
members, the reserves, and any left without an outcome) is deleted
``bewaar.werving_leden_dagen`` after the beraad was closed (phase ``afgesloten``, from
``Beraad.fase_sinds``). The public lottery record keeps only the pseudonymous ids.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from open_nijmegen.core.settings import get_setting
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad.aanmelding_models import BeraadAanmelding
from open_nijmegen.inwonersberaad.models import Beraad, Fase


def purge_after_the_end(now: datetime, dry_run: bool = False) -> int:
    """Delete the registrations of beraden closed longer than ``bewaar.werving_leden_dagen``
    ago. Idempotent; a dry run only counts. Never commits."""
    cutoff = now - timedelta(days=int(get_setting("bewaar.werving_leden_dagen")))
    afgelopen = sa.select(Beraad.id).where(
        Beraad.fase == Fase.AFGESLOTEN, Beraad.fase_sinds < cutoff
    )
    where = BeraadAanmelding.beraad_id.in_(afgelopen)
    if dry_run:
        return int(db.session.scalar(sa.select(sa.func.count()).where(where)) or 0)
    result = db.session.execute(
        sa.delete(BeraadAanmelding).where(where).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)
