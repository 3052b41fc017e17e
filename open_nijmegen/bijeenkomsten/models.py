"""Bijeenkomsten: meetings and events with registration, a waiting list and calendar feeds.

``Bijeenkomst.status`` is ``gepland`` or ``geannuleerd`` (a history row per change). The seats
taken are counted in ``Bijeenkomst.bezet``, changed only by a guarded UPDATE (``services``), so
capacity holds under parallel registrations on every database; a CHECK constraint backs it.

An ``Aanmelding`` belongs to an account (``user_id``; name and e-mail come from the account) or
to a guest (``naam`` + ``email``, confirmed by a mail link). Its status: ``aangemeld`` (holds a
seat, also while a guest has not confirmed yet), ``wachtlijst``, ``afgemeld`` or ``verlopen``.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy.orm import Mapped, mapped_column, relationship

from open_nijmegen.core.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.objects import register_object_type
from open_nijmegen.extensions import db


class Status(enum.StrEnum):
    GEPLAND = "gepland"
    GEANNULEERD = "geannuleerd"


STATUS_LABELS: dict[Status, Any] = {
    Status.GEPLAND: _l("Gaat door"),
    Status.GEANNULEERD: _l("Gaat niet door"),
}


class AanmeldStatus(enum.StrEnum):
    AANGEMELD = "aangemeld"
    WACHTLIJST = "wachtlijst"
    AFGEMELD = "afgemeld"
    VERLOPEN = "verlopen"


AANMELD_LABELS: dict[AanmeldStatus, Any] = {
    AanmeldStatus.AANGEMELD: _l("Aangemeld"),
    AanmeldStatus.WACHTLIJST: _l("Op de wachtlijst"),
    AanmeldStatus.AFGEMELD: _l("Afgemeld"),
    AanmeldStatus.VERLOPEN: _l("Niet bevestigd"),
}
ACTIEF = (AanmeldStatus.AANGEMELD, AanmeldStatus.WACHTLIJST)

# Accessibility of the place: (column, B1 label).
TOEGANKELIJKHEID: tuple[tuple[str, Any], ...] = (
    ("drempelvrij", _l("Zonder drempels of trappen te bereiken")),
    ("ringleiding", _l("Ringleiding voor mensen met een hoortoestel")),
    ("stille_ruimte", _l("Een stille ruimte om even rust te nemen")),
    ("gebarentolk", _l("Een tolk gebarentaal")),
)


@register_object_type("bijeenkomst", area="bijeenkomsten", followable=True, label=N_("Bijeenkomst"))
class Bijeenkomst(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "bijeenkomst"

    id: Mapped[int] = mapped_column(primary_key=True)
    titel: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    tekst: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    begint_op: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    eindigt_op: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    online: Mapped[bool] = mapped_column(nullable=False, default=False)
    # Shown only to people with a seat.
    online_link: Mapped[str | None] = mapped_column(sa.String(500))
    adres: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    zaal: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    drempelvrij: Mapped[bool] = mapped_column(nullable=False, default=False)
    ringleiding: Mapped[bool] = mapped_column(nullable=False, default=False)
    stille_ruimte: Mapped[bool] = mapped_column(nullable=False, default=False)
    gebarentolk: Mapped[bool] = mapped_column(nullable=False, default=False)
    aanmelden_nodig: Mapped[bool] = mapped_column(nullable=False, default=True)
    capaciteit: Mapped[int | None] = mapped_column()  # None: no limit
    aanmelden_tot: Mapped[datetime | None] = mapped_column(UTCDateTime())
    bezet: Mapped[int] = mapped_column(nullable=False, default=0)  # seats taken
    status: Mapped[Status] = enum_column(Status, "status", nullable=False, default=Status.GEPLAND)
    reden: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")  # why cancelled
    # What the event belongs to (an idea, a project, a beraad...): see core.registry.
    hoort_bij_type: Mapped[str | None] = mapped_column(sa.String(40))
    hoort_bij_id: Mapped[int | None] = mapped_column()
    # Afterwards: the report, and how many people came.
    verslag: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    aanwezig: Mapped[int | None] = mapped_column()
    verslag_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    aanmeldingen: Mapped[list[Aanmelding]] = relationship(
        back_populates="bijeenkomst", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        sa.CheckConstraint("eindigt_op > begint_op", name="einde_na_begin"),
        sa.CheckConstraint("capaciteit IS NULL OR capaciteit > 0", name="capaciteit"),
        sa.CheckConstraint(
            "bezet >= 0 AND (capaciteit IS NULL OR bezet <= capaciteit)", name="bezet"
        ),
        sa.CheckConstraint("aanwezig IS NULL OR aanwezig >= 0", name="aanwezig"),
        sa.CheckConstraint("(hoort_bij_type IS NULL) = (hoort_bij_id IS NULL)", name="hoort_bij"),
        sa.Index("ix_bijeenkomst_begint", "begint_op"),
        sa.Index("ix_bijeenkomst_hoort_bij", "hoort_bij_type", "hoort_bij_id"),
    )

    @property
    def slug(self) -> str:
        return slugify(self.titel, max_length=60, word_boundary=True) or "bijeenkomst"

    @property
    def is_geannuleerd(self) -> bool:
        return self.status == Status.GEANNULEERD

    def is_voorbij(self, now: datetime | None = None) -> bool:
        return self.eindigt_op <= (now or utcnow())

    @property
    def vrij(self) -> int | None:
        """Seats left, or None without a limit."""
        if self.capaciteit is None:
            return None
        return max(0, self.capaciteit - self.bezet)

    @property
    def is_vol(self) -> bool:
        return self.capaciteit is not None and self.bezet >= self.capaciteit

    def aanmelden_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        if not self.aanmelden_nodig or self.is_geannuleerd or self.begint_op <= now:
            return False
        return self.aanmelden_tot is None or now <= self.aanmelden_tot

    @property
    def toegankelijkheid(self) -> list[Any]:
        return [label for column, label in TOEGANKELIJKHEID if getattr(self, column)]

    def object_title(self) -> str:
        return self.titel

    def object_url(self, _external: bool = False) -> str:
        return url_for(
            "bijeenkomsten.detail", bijeenkomst_id=self.id, slug=self.slug, _external=_external
        )

    def can_view(self, user: Any) -> bool:
        return True

    def can_view_upload(self, user: Any, upload: Any) -> bool:
        """Photos of the report: public once the report is; before that staff only."""
        from open_nijmegen.bijeenkomsten.permissions import is_bijeenkomsten_staff

        return self.verslag_op is not None or is_bijeenkomsten_staff(user)


class Aanmelding(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "aanmelding"

    id: Mapped[int] = mapped_column(primary_key=True)
    bijeenkomst_id: Mapped[int] = mapped_column(
        sa.ForeignKey("bijeenkomst.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    # A guest only; an account's name and address come from the account.
    naam: Mapped[str | None] = mapped_column(sa.String(80))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    status: Mapped[AanmeldStatus] = enum_column(AanmeldStatus, "aanmeld_status", nullable=False)
    tolk: Mapped[bool] = mapped_column(nullable=False, default=False)
    kinderopvang: Mapped[bool] = mapped_column(nullable=False, default=False)
    hulp: Mapped[str] = mapped_column(sa.String(500), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    bevestigd_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    afgemeld_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    herinnerd_op: Mapped[datetime | None] = mapped_column(UTCDateTime())

    bijeenkomst: Mapped[Bijeenkomst] = relationship(back_populates="aanmeldingen")
    user = relationship("User", lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("bijeenkomst_id", "user_id"),
        sa.UniqueConstraint("bijeenkomst_id", "email"),
        sa.CheckConstraint(
            "(user_id IS NOT NULL AND naam IS NULL AND email IS NULL) OR "
            "(user_id IS NULL AND naam IS NOT NULL AND email IS NOT NULL)",
            name="account_of_gast",
        ),
        sa.Index("ix_aanmelding_lijst", "bijeenkomst_id", "status", "id"),
    )

    @property
    def status_label(self) -> Any:
        return AANMELD_LABELS[self.status]

    @property
    def is_bevestigd(self) -> bool:
        return self.bevestigd_op is not None

    @property
    def heeft_plek(self) -> bool:
        return self.status == AanmeldStatus.AANGEMELD and self.is_bevestigd

    @property
    def weergavenaam(self) -> str:
        if self.user_id is not None:
            return self.user.display_name if self.user is not None else ""
        return self.naam or ""

    @property
    def adres(self) -> str | None:
        if self.user_id is not None:
            return getattr(self.user, "email", None)
        return self.email

    @property
    def ontvanger(self) -> Any:
        """Who gets mail about it: the account, or the guest's address."""
        return self.user if self.user_id is not None else self.email


from open_nijmegen.core.labels import register_value_labels  # noqa: E402

register_value_labels("bijeenkomst", "status", STATUS_LABELS)
register_value_labels("aanmelding", "status", AANMELD_LABELS)
