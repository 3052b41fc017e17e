"""The processing log (verwerkingenlog): every staff look at personal data, append-only."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from open_nijmegen.core.db import UTCDateTime, utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.extensions import db

PURPOSES: dict[str, str] = {
    "behandeling": N_("Een vraag of zaak behandelen"),
    "moderatie": N_("Een melding of bijdrage beoordelen"),
    "ondersteuning": N_("Een inwoner helpen met het account"),
    "loting": N_("De loting voor het inwonersberaad uitvoeren"),
    "privacyverzoek": N_("Een vraag om gegevens te zien of te wissen"),
    "bijeenkomst": N_("Een bijeenkomst organiseren: wie komt er en wat is nodig"),
    "beveiliging": N_("Misbruik van de website zien en tegengaan"),
}


class Verwerking(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "verwerking"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    # Whose data was seen (NULL when the record holds no account, e.g. a lottery file).
    subject_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    object_type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    object_id: Mapped[int | None] = mapped_column()
    purpose: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    action: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="inzien")

    actor = relationship("User", foreign_keys=[actor_id], lazy="joined")
