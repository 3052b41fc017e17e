"""Uitdaging (a right-to-challenge case), its assessment per criterion, its bezwaren and the
per-year counter for reference numbers.

The clock facts (receipt date, requests for information, the one extension) are stored so
``termijnen.CaseClock`` can be rebuilt at any time; the terms that applied when the case was
filed are stored as ``Termijnen.to_dict()`` so later changes to the settings never move a
running deadline.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from open_nijmegen.core.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from open_nijmegen.core.objects import register_object_type
from open_nijmegen.extensions import db
from open_nijmegen.uitdaagrecht.workflow import N_, BezwaarStatus, Status


class UitdagerSoort(enum.StrEnum):
    PERSOON = "persoon"
    ORGANISATIE = "organisatie"


class Rechtsvorm(enum.StrEnum):
    VERENIGING = "vereniging"
    STICHTING = "stichting"
    COOPERATIE = "cooperatie"
    BUURTCOMITE = "buurtcomite"
    BEDRIJF = "bedrijf"
    ANDERS = "anders"


RECHTSVORM_LABELS: dict[Rechtsvorm, str] = {
    Rechtsvorm.VERENIGING: N_("Vereniging"),
    Rechtsvorm.STICHTING: N_("Stichting"),
    Rechtsvorm.COOPERATIE: N_("Coöperatie"),
    Rechtsvorm.BUURTCOMITE: N_("Buurtcomité of bewonersgroep (geen rechtspersoon)"),
    Rechtsvorm.BEDRIJF: N_("Lokaal bedrijf"),
    Rechtsvorm.ANDERS: N_("Iets anders"),
}


class Oordeel(enum.StrEnum):
    """The officer's verdict on one criterion."""

    VOLDOET = "voldoet"
    DEELS = "deels"
    VOLDOET_NIET = "voldoet_niet"


OORDEEL_LABELS: dict[Oordeel, str] = {
    Oordeel.VOLDOET: N_("Voldoet"),
    Oordeel.DEELS: N_("Voldoet deels"),
    Oordeel.VOLDOET_NIET: N_("Voldoet niet"),
}


class UitdagingTeller(db.Model):  # type: ignore[name-defined,misc]
    """The last sequence number used per year, for ``UR-YYYY-NNNN``.

    Incremented with ``UPDATE ... RETURNING``, which locks the row, so two submissions at the
    same moment never get the same number (see ``services.next_referentie``).
    """

    __tablename__ = "uitdaging_teller"

    jaar: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    laatste: Mapped[int] = mapped_column(nullable=False, default=0)


@register_object_type("uitdaging", area="uitdaagrecht", label=N_("Uitdaging"))
class Uitdaging(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "uitdaging"

    id: Mapped[int] = mapped_column(primary_key=True)
    referentie: Mapped[str | None] = mapped_column(sa.String(16), unique=True)
    status: Mapped[Status] = enum_column(
        Status, "status", nullable=False, default=Status.CONCEPT, index=True
    )
    uitdager_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # The last step of the form that was saved (concept), 0 = nothing yet.
    stap: Mapped[int] = mapped_column(nullable=False, default=0)

    # Step 1: who challenges
    soort_uitdager: Mapped[UitdagerSoort | None] = enum_column(UitdagerSoort, "soort_uitdager")
    organisatie_naam: Mapped[str | None] = mapped_column(sa.String(200))
    rechtsvorm: Mapped[Rechtsvorm | None] = enum_column(Rechtsvorm, "rechtsvorm")
    kvk_nummer: Mapped[str | None] = mapped_column(sa.String(8))
    contact_naam: Mapped[str | None] = mapped_column(sa.String(120))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_telefoon: Mapped[str | None] = mapped_column(sa.String(40))
    # Step 2: the task
    taak: Mapped[str | None] = mapped_column(sa.String(200))
    taak_omschrijving: Mapped[str | None] = mapped_column(sa.Text)
    # Step 3: better or cheaper
    waarom_beter: Mapped[str | None] = mapped_column(sa.Text)
    # Step 4: knowledge and experience
    ervaring: Mapped[str | None] = mapped_column(sa.Text)
    # Step 5: support among the people affected
    draagvlak: Mapped[str | None] = mapped_column(sa.Text)
    # Step 6: costs and budget
    kosten: Mapped[str | None] = mapped_column(sa.Text)
    budget_gevraagd: Mapped[bool | None] = mapped_column()
    budget_bedrag: Mapped[int | None] = mapped_column()  # whole euros per year
    # Step 7: help, quality and continuity
    hulp_gemeente: Mapped[str | None] = mapped_column(sa.Text)
    kwaliteit: Mapped[str | None] = mapped_column(sa.Text)
    # Step 9: attachments (uploads with object_type "uitdaging") and anything else
    opmerkingen: Mapped[str | None] = mapped_column(sa.Text)

    # Filed: terms snapshot and clock facts
    ingediend_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ingediend_op: Mapped[date | None] = mapped_column(sa.Date)
    termijnen: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    # The day the decision term counts from: the receipt, or the day a bezwaar was upheld.
    klok_begindag: Mapped[date | None] = mapped_column(sa.Date)
    # [{"gevraagd_op": iso, "aanvullen_voor": iso, "ontvangen_op": iso | None, "vraag": text}]
    opschortingen: Mapped[list[dict[str, Any]]] = mapped_column(
        sa.JSON, nullable=False, default=list
    )
    verdaagd_op: Mapped[date | None] = mapped_column(sa.Date)
    verdaging_dagen: Mapped[int | None] = mapped_column()

    # Decision (also niet ontvankelijk / buiten behandeling)
    besluit_verzonden_op: Mapped[date | None] = mapped_column(sa.Date)
    besluit_reden: Mapped[str | None] = mapped_column(sa.Text)
    toegekend_deel: Mapped[str | None] = mapped_column(sa.Text)
    rechtsmiddelen: Mapped[str | None] = mapped_column(sa.Text)

    # Public (Woo) parts, without personal data
    publieke_samenvatting: Mapped[str | None] = mapped_column(sa.Text)
    samenvatting_overeenkomst: Mapped[str | None] = mapped_column(sa.Text)
    evaluatie: Mapped[str | None] = mapped_column(sa.Text)
    afgesloten_op: Mapped[date | None] = mapped_column(sa.Date)

    uitdager = relationship("User", foreign_keys=[uitdager_id])
    beoordelingen: Mapped[list[Beoordeling]] = relationship(
        back_populates="uitdaging", cascade="all, delete-orphan", order_by="Beoordeling.id"
    )
    bezwaren: Mapped[list[Bezwaar]] = relationship(
        back_populates="uitdaging", cascade="all, delete-orphan", order_by="Bezwaar.id"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "(status = 'concept' AND referentie IS NULL AND ingediend_op IS NULL)"
            " OR (status <> 'concept' AND referentie IS NOT NULL AND ingediend_op IS NOT NULL"
            " AND klok_begindag IS NOT NULL AND termijnen IS NOT NULL)",
            name="ingediend_compleet",
        ),
        sa.CheckConstraint(
            "kvk_nummer IS NULL OR length(kvk_nummer) = 8", name="kvk_nummer_lengte"
        ),
        sa.CheckConstraint(
            "(verdaagd_op IS NULL) = (verdaging_dagen IS NULL)", name="verdaging_compleet"
        ),
        sa.CheckConstraint(
            "status NOT IN ('toegekend', 'deels_toegekend', 'afgewezen', 'niet_ontvankelijk',"
            " 'buiten_behandeling') OR besluit_verzonden_op IS NOT NULL",
            name="besluit_heeft_datum",
        ),
        sa.CheckConstraint("budget_bedrag IS NULL OR budget_bedrag >= 0", name="budget_positief"),
    )

    # Attachments of a case file are always downloaded, never shown inline (also images).
    uploads_as_attachment = True

    def __repr__(self) -> str:
        return f"<Uitdaging {self.id} {self.referentie} {self.status}>"

    # -- shared-object hooks -------------------------------------------------------------------

    @property
    def is_organisatie(self) -> bool:
        return self.soort_uitdager == UitdagerSoort.ORGANISATIE

    @property
    def publieke_naam(self) -> str | None:
        """The name the register may show: an organisation's name, never a person's."""
        if self.is_organisatie and self.organisatie_naam:
            return self.organisatie_naam
        return None

    def object_title(self) -> str:
        return f"{self.referentie or 'Concept'}: {self.taak or ''}".strip()

    def object_url(self, _external: bool = False) -> str:
        from flask import url_for

        if self.referentie is None:
            return url_for("uitdaagrecht.nieuw", _external=_external)
        return url_for("uitdaagrecht.mijn", referentie=self.referentie, _external=_external)

    def can_view(self, user: Any) -> bool:
        from open_nijmegen.uitdaagrecht.permissions import can_view_case

        return can_view_case(user, self)

    def can_view_upload(self, user: Any, upload: Any) -> bool:
        from open_nijmegen.uitdaagrecht.permissions import can_view_case

        return can_view_case(user, self)


class Beoordeling(db.Model):  # type: ignore[name-defined,misc]
    """The officer's assessment of one criterion; the notes feed the decision (public)."""

    __tablename__ = "uitdaging_beoordeling"

    id: Mapped[int] = mapped_column(primary_key=True)
    uitdaging_id: Mapped[int] = mapped_column(
        sa.ForeignKey("uitdaging.id", ondelete="CASCADE"), nullable=False
    )
    criterium: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    oordeel: Mapped[Oordeel | None] = enum_column(Oordeel, "oordeel")
    toelichting: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    uitdaging: Mapped[Uitdaging] = relationship(back_populates="beoordelingen")

    __table_args__ = (sa.UniqueConstraint("uitdaging_id", "criterium"),)


class Bezwaar(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A bezwaar (objection) against a decision on an uitdaging, with its own clock."""

    __tablename__ = "uitdaging_bezwaar"

    id: Mapped[int] = mapped_column(primary_key=True)
    uitdaging_id: Mapped[int] = mapped_column(
        sa.ForeignKey("uitdaging.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[BezwaarStatus] = enum_column(
        BezwaarStatus, "status", nullable=False, default=BezwaarStatus.INGEDIEND
    )
    gronden: Mapped[str] = mapped_column(sa.Text, nullable=False)
    ontvangen_op: Mapped[date] = mapped_column(sa.Date, nullable=False)
    # The decision this bezwaar is about: its sending date starts the bezwaar term.
    besluit_verzonden_op: Mapped[date] = mapped_column(sa.Date, nullable=False)
    besluit_status: Mapped[Status] = enum_column(Status, "besluit_status", nullable=False)
    opschortingen: Mapped[list[dict[str, Any]]] = mapped_column(
        sa.JSON, nullable=False, default=list
    )
    verdaagd_op: Mapped[date | None] = mapped_column(sa.Date)
    verdaging_dagen: Mapped[int | None] = mapped_column()
    beslissing_reden: Mapped[str | None] = mapped_column(sa.Text)
    beslist_op: Mapped[date | None] = mapped_column(sa.Date)

    uitdaging: Mapped[Uitdaging] = relationship(back_populates="bezwaren")

    __table_args__ = (
        sa.CheckConstraint(
            "(verdaagd_op IS NULL) = (verdaging_dagen IS NULL)", name="verdaging_compleet"
        ),
    )


from open_nijmegen.core.labels import register_value_labels  # noqa: E402

register_value_labels("uitdaging", "status", {s: s.label for s in Status})
register_value_labels("uitdaging_bezwaar", "status", {s: s.label for s in BezwaarStatus})
