"""Begroten: a budget that residents divide over plans, counted with the Method of Equal
Shares.

- ``Begroting``: the budget (whole euros, never a float), its area, its five dated phases,
  the ballot type and the counting method; after the count also the result and the
  anonymous pabulib file with its SHA-256.
- ``Plan``: a resident's plan. Officers set the official cost (with a public reason), mark it
  haalbaar / niet haalbaar / samengevoegd; every change is a public ``StatusChange`` row.
  Winners later get a status (gepland, in uitvoering, klaar) with dated progress updates,
  also ``StatusChange`` rows.

Ballot secrecy: who voted and what was voted are two tables that share no column.
- ``Deelname`` ("has voted"): (begroting, user), unique: exactly one per voter.
- ``Stembiljet``: the choices, the day (no time) and nothing about the voter. Its key is
  ``HMAC(ballot secret, begroting id, user id)``: the server can find a voter's own ballot
  again to change it, while someone who reads the database without the secret cannot link a
  ballot to a person. See ``begroten/ballots.py`` and the README.
A paper ballot is a ``Stembiljet`` with a ``paper_form_id`` (core.paper) and a random key.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import has_request_context, url_for
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy.orm import Mapped, mapped_column, relationship

from open_nijmegen.begroten.phases import FASE_KOLOMMEN, Fase
from open_nijmegen.core.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.objects import register_object_type
from open_nijmegen.core.paper import PaperEntryMixin
from open_nijmegen.core.phases import phase_at
from open_nijmegen.core.urls import external_url
from open_nijmegen.extensions import db

MAX_BUDGET = 1_000_000_000  # euros: one billion is more than any participatory budget


class Gebied(enum.StrEnum):
    STAD = "stad"
    STADSDEEL = "stadsdeel"
    WIJKEN = "wijken"


class Stemwijze(enum.StrEnum):
    BUDGET = "budget"  # knapsack: choose plans within the budget
    MAXIMAAL = "maximaal"  # approval: choose at most N plans


class Telmethode(enum.StrEnum):
    GELIJKE_DELEN = "gelijke_delen"  # Method of Equal Shares, add1, then most votes
    MEESTE_STEMMEN = "meeste_stemmen"  # greedy: most votes first


class PlanStatus(enum.StrEnum):
    INGEDIEND = "ingediend"
    HAALBAAR = "haalbaar"
    NIET_HAALBAAR = "niet_haalbaar"
    SAMENGEVOEGD = "samengevoegd"


class Uitvoering(enum.StrEnum):
    GEPLAND = "gepland"
    IN_UITVOERING = "in_uitvoering"
    KLAAR = "klaar"


GEBIED_LABELS = {
    Gebied.STAD: _l("Heel Nijmegen"),
    Gebied.STADSDEEL: _l("Een stadsdeel"),
    Gebied.WIJKEN: _l("Een of meer wijken"),
}
STEMWIJZE_LABELS = {
    Stemwijze.BUDGET: _l("Kies plannen binnen het budget"),
    Stemwijze.MAXIMAAL: _l("Kies een aantal plannen"),
}
TELMETHODE_LABELS = {
    Telmethode.GELIJKE_DELEN: _l(
        "Gelijke delen: iedere kiezer heeft een even groot deel van het geld"
    ),
    Telmethode.MEESTE_STEMMEN: _l("Meeste stemmen: de plannen met de meeste stemmen eerst"),
}
PLAN_STATUS_LABELS = {
    PlanStatus.INGEDIEND: _l("Ingestuurd, de gemeente kijkt ernaar"),
    PlanStatus.HAALBAAR: _l("Kan doorgaan"),
    PlanStatus.NIET_HAALBAAR: _l("Kan niet doorgaan"),
    PlanStatus.SAMENGEVOEGD: _l("Samen met een ander plan"),
}
UITVOERING_LABELS = {
    Uitvoering.GEPLAND: _l("Gepland"),
    Uitvoering.IN_UITVOERING: _l("Het werk is bezig"),
    Uitvoering.KLAAR: _l("Klaar"),
}
# History rows of a plan (StatusChange.to_status) and their B1 labels.
HISTORY_LABELS: dict[str, Any] = {
    **{s.value: label for s, label in PLAN_STATUS_LABELS.items()},
    **{s.value: label for s, label in UITVOERING_LABELS.items()},
    "kosten": _l("De gemeente rekende de kosten uit"),
    "gekozen": _l("Gekozen bij de stemming"),
}

begroting_wijk = sa.Table(
    "begroting_wijk",
    db.metadata,
    sa.Column("begroting_id", sa.ForeignKey("begroting.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("wijk_id", sa.ForeignKey("wijk.id", ondelete="RESTRICT"), primary_key=True),
)


def _url(endpoint: str, external: bool, **values: Any) -> str:
    """A page's URL; absolute ones from BASE_URL (they also work in the worker, for mail)."""
    if external:
        return external_url(endpoint, **values)
    if has_request_context():
        return url_for(endpoint, **values)
    return urlsplit(external_url(endpoint, **values)).path


@register_object_type("begroting", area="begroten", label=N_("Begroting"))
class Begroting(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "begroting"

    id: Mapped[int] = mapped_column(primary_key=True)
    titel: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    vraag: Mapped[str] = mapped_column(sa.Text, nullable=False)
    gebied: Mapped[Gebied] = enum_column(Gebied, "gebied", nullable=False, default=Gebied.STAD)
    stadsdeel: Mapped[str | None] = mapped_column(sa.String(80))
    budget: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)  # whole euros
    stemwijze: Mapped[Stemwijze] = enum_column(
        Stemwijze, "stemwijze", nullable=False, default=Stemwijze.BUDGET
    )
    max_keuzes: Mapped[int | None] = mapped_column()
    telmethode: Mapped[Telmethode] = enum_column(
        Telmethode, "telmethode", nullable=False, default=Telmethode.GELIJKE_DELEN
    )
    minimum_leeftijd: Mapped[int] = mapped_column(nullable=False, default=16)
    plannen_vanaf: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    haalbaarheid_vanaf: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    stemmen_vanaf: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    uitslag_vanaf: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    uitvoering_vanaf: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    stemlijst_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    geteld_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    uitslag: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    pb_bestand: Mapped[str | None] = mapped_column(sa.Text)
    pb_sha256: Mapped[str | None] = mapped_column(sa.String(64))

    wijken = relationship("Wijk", secondary=begroting_wijk, order_by="Wijk.naam")
    plannen: Mapped[list[Plan]] = relationship(back_populates="begroting", order_by="Plan.id")

    __table_args__ = (
        sa.CheckConstraint(f"budget >= 1 AND budget <= {MAX_BUDGET}", name="budget_range"),
        sa.CheckConstraint(
            "max_keuzes IS NULL OR (max_keuzes >= 1 AND max_keuzes <= 100)", name="max_keuzes"
        ),
        sa.CheckConstraint(
            "stemwijze = 'budget' OR max_keuzes IS NOT NULL", name="maximaal_heeft_aantal"
        ),
        sa.CheckConstraint("minimum_leeftijd >= 0 AND minimum_leeftijd <= 120", name="leeftijd"),
        sa.CheckConstraint(
            "plannen_vanaf <= haalbaarheid_vanaf AND haalbaarheid_vanaf <= stemmen_vanaf"
            " AND stemmen_vanaf < uitslag_vanaf AND uitslag_vanaf <= uitvoering_vanaf",
            name="fases_op_volgorde",
        ),
        sa.CheckConstraint("gebied <> 'stadsdeel' OR stadsdeel IS NOT NULL", name="stadsdeel"),
    )

    def fase_op(self, moment: datetime | None = None) -> Fase:
        return phase_at(
            ((fase, getattr(self, kolom)) for fase, kolom in FASE_KOLOMMEN),
            Fase.VOORBEREIDING,
            moment,
        )

    @property
    def fase(self) -> Fase:
        return self.fase_op()

    @property
    def slug(self) -> str:
        return slugify(self.titel, max_length=60, word_boundary=True) or "begroting"

    @property
    def is_geteld(self) -> bool:
        return self.geteld_op is not None and self.uitslag is not None

    def object_title(self) -> str:
        return self.titel

    def object_url(self, _external: bool = False) -> str:
        return url_for("begroten.detail", begroting_id=self.id, slug=self.slug, _external=_external)

    def can_view(self, user: Any) -> bool:
        return True


@register_object_type("plan", area="begroten", reactable=True, followable=True, label=N_("Plan"))
class Plan(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "begroot_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    begroting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("begroting.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    titel: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    tekst: Mapped[str] = mapped_column(sa.Text, nullable=False)
    wijk_id: Mapped[int] = mapped_column(
        sa.ForeignKey("wijk.id", ondelete="RESTRICT"), nullable=False
    )
    adres: Mapped[str | None] = mapped_column(sa.String(200))
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lon: Mapped[float | None] = mapped_column(sa.Float)
    image_id: Mapped[int | None] = mapped_column(sa.ForeignKey("upload.id", ondelete="SET NULL"))
    geschatte_kosten: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)  # euros
    kosten: Mapped[int | None] = mapped_column(sa.BigInteger)  # the official cost, euros
    kosten_reden: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[PlanStatus] = enum_column(
        PlanStatus, "status", nullable=False, default=PlanStatus.INGEDIEND
    )
    reden: Mapped[str | None] = mapped_column(sa.Text)  # B1 reason for niet haalbaar / merge
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("begroot_plan.id", ondelete="SET NULL")
    )
    uitvoering: Mapped[Uitvoering | None] = enum_column(Uitvoering, "uitvoering")

    begroting: Mapped[Begroting] = relationship(back_populates="plannen")
    wijk = relationship("Wijk", lazy="joined", innerjoin=True)
    author = relationship("User", lazy="joined", foreign_keys=[author_id])
    image = relationship("Upload", lazy="joined", foreign_keys=[image_id])
    merged_into = relationship("Plan", remote_side=[id], foreign_keys=[merged_into_id])

    __table_args__ = (
        sa.CheckConstraint(
            f"geschatte_kosten >= 1 AND geschatte_kosten <= {MAX_BUDGET}", name="geschat"
        ),
        sa.CheckConstraint(
            f"kosten IS NULL OR (kosten >= 1 AND kosten <= {MAX_BUDGET})", name="kosten"
        ),
        sa.CheckConstraint("length(titel) <= 120 AND length(tekst) <= 10000", name="lengths"),
        sa.CheckConstraint("status <> 'haalbaar' OR kosten IS NOT NULL", name="haalbaar_kosten"),
    )

    @property
    def status_label(self) -> Any:
        return PLAN_STATUS_LABELS[self.status]

    @property
    def uitvoering_label(self) -> Any:
        return UITVOERING_LABELS[self.uitvoering] if self.uitvoering else None

    @property
    def author_name(self) -> str | None:
        author = self.author
        return author.display_name if author is not None and author.erased_at is None else None

    @property
    def op_stemlijst(self) -> bool:
        return self.status == PlanStatus.HAALBAAR and self.begroting.stemlijst_op is not None

    @property
    def slug(self) -> str:
        return slugify(self.titel, max_length=60, word_boundary=True) or "plan"

    def object_title(self) -> str:
        return self.titel

    def object_url(self, _external: bool = False) -> str:
        return _url(
            "begroten.plan",
            _external,
            begroting_id=self.begroting_id,
            plan_id=self.id,
            slug=self.slug,
        )

    def can_view(self, user: Any) -> bool:
        return True  # every plan sent in is public, with its status

    def can_react(self, user: Any) -> bool:
        from open_nijmegen.begroten.permissions import can_react

        return can_react(user, self)

    def can_view_upload(self, user: Any, upload: Any) -> bool:
        return upload.id == self.image_id


class Deelname(db.Model):  # type: ignore[name-defined,misc]
    """Who voted (never what): one row per voter and begroting."""

    __tablename__ = "begroting_deelname"

    id: Mapped[int] = mapped_column(primary_key=True)
    begroting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("begroting.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    gestemd_op: Mapped[date] = mapped_column(sa.Date, nullable=False)

    __table_args__ = (sa.UniqueConstraint("begroting_id", "user_id", name="een_per_kiezer"),)


class Stembiljet(PaperEntryMixin, db.Model):  # type: ignore[name-defined,misc]
    """What was voted (never who): the chosen plan ids and the day, under a key that only
    the server can recompute for a voter (see ``begroten.ballots``)."""

    __tablename__ = "stembiljet"

    sleutel: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    begroting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("begroting.id", ondelete="CASCADE"), nullable=False, index=True
    )
    keuzes: Mapped[list[int]] = mapped_column(sa.JSON, nullable=False, default=list)
    dag: Mapped[date] = mapped_column(sa.Date, nullable=False, default=lambda: utcnow().date())


from open_nijmegen.core.labels import register_value_labels  # noqa: E402

register_value_labels("plan", "status", HISTORY_LABELS)
