"""Peilingen en enquêtes: a questionnaire in sections (pages), its questions and options, and
the answers, anonymous by design.

Anonymous by construction (also in the README and on /privacy):

- ``peiling_deelname`` says *that* an account answered: (peiling, user, day). Its unique
  constraint refuses a second response, also when many requests arrive at once. A panel code
  is used once (``core.codes``: a conditional UPDATE); that is the panel's participation.
- ``peiling_inzending`` says *what* was answered: the answers, the day (never the time), and
  for weighting the wijk and age group the respondent chose. It has no user id, no code, no IP
  address. Its key is ``HMAC(server secret, "peiling:user")`` for an account (so the server can
  find it again to change it until the close) and random for a code or a paper form; so the
  order of the rows says nothing about who came first.
- Open answers (``peiling_open_antwoord``) are kept apart, with e-mail addresses and phone
  numbers masked before they are stored; an officer screens them before any publication.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy.orm import Mapped, mapped_column, relationship

from open_nijmegen.core.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.objects import register_object_type
from open_nijmegen.core.paper import PaperEntryMixin
from open_nijmegen.extensions import db

MAX_OPEN = 2000  # characters of an open answer
MAX_OPTIES = 30
GETAL_GRENS = 10**9


class Doelgroep(enum.StrEnum):
    ACCOUNTS = "accounts"
    PANEL = "panel"


DOELGROEP_LABELS: dict[Doelgroep, Any] = {
    Doelgroep.ACCOUNTS: _l("Iedereen met een bevestigd account (één keer per account)"),
    Doelgroep.PANEL: _l("Een panel: mensen met een code uit een brief of mail"),
}


class Soort(enum.StrEnum):
    ENKEL = "enkel"
    MEER = "meer"
    SCHAAL = "schaal"
    RANGORDE = "rangorde"
    OPEN = "open"
    GETAL = "getal"


SOORT_LABELS: dict[Soort, Any] = {
    Soort.ENKEL: _l("Eén antwoord kiezen"),
    Soort.MEER: _l("Meer antwoorden kiezen"),
    Soort.SCHAAL: _l("Een cijfer op een schaal"),
    Soort.RANGORDE: _l("Antwoorden op volgorde zetten"),
    Soort.OPEN: _l("Een kort antwoord in eigen woorden"),
    Soort.GETAL: _l("Een getal"),
}
MET_OPTIES = (Soort.ENKEL, Soort.MEER, Soort.RANGORDE)


class Staat(enum.StrEnum):
    CONCEPT = "concept"
    GEPLAND = "gepland"
    OPEN = "open"
    GESLOTEN = "gesloten"


STAAT_LABELS: dict[Staat, Any] = {
    Staat.CONCEPT: _l("Nog niet gepubliceerd"),
    Staat.GEPLAND: _l("Begint binnenkort"),
    Staat.OPEN: _l("Open: u kunt meedoen"),
    Staat.GESLOTEN: _l("Gesloten"),
}


class Beoordeling(enum.StrEnum):
    WACHT = "wacht"
    GOED = "goed"
    AFGEKEURD = "afgekeurd"


BEOORDELING_LABELS: dict[Beoordeling, Any] = {
    Beoordeling.WACHT: _l("Nog niet bekeken"),
    Beoordeling.GOED: _l("Mag op de site"),
    Beoordeling.AFGEKEURD: _l("Niet op de site"),
}


@register_object_type("peiling", area="peilingen", label=N_("Peiling"))
class Peiling(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "peiling"

    id: Mapped[int] = mapped_column(primary_key=True)
    titel: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    intro: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    doelgroep: Mapped[Doelgroep] = enum_column(
        Doelgroep, "peiling_doelgroep", nullable=False, default=Doelgroep.ACCOUNTS
    )
    opent_op: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    sluit_op: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    gepubliceerd_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Weighting to population margins (wijk x age group); asks both at the end.
    wegen: Mapped[bool] = mapped_column(nullable=False, default=False)
    # Results visible while open (else only after the close).
    uitslag_live: Mapped[bool] = mapped_column(nullable=False, default=False)
    # Results also per wijk and per age group (uitsplitsing.py); needs ``wegen`` (it asks them).
    uitsplitsen: Mapped[bool] = mapped_column(
        nullable=False, default=False, server_default=sa.false()
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    # Population figures uploaded by an officer for this peiling's weighting (marges.py):
    # wijk -> age group -> residents; None: the approximate default of bevolking.py.
    marges: Mapped[dict[str, dict[str, int]] | None] = mapped_column(sa.JSON)
    marges_op: Mapped[date | None] = mapped_column(sa.Date)
    # Quick poll (snel.py): a one-question peiling answered in place on the home page (one
    # peiling at a time: the partial unique index) and/or on the page of a project (the
    # "traject" link target of the registry; no foreign key: modules keep their own tables).
    snel_home: Mapped[bool] = mapped_column(
        nullable=False, default=False, server_default=sa.false()
    )
    snel_traject_id: Mapped[int | None] = mapped_column(index=True)

    secties: Mapped[list[Sectie]] = relationship(
        back_populates="peiling",
        order_by="(Sectie.volgorde, Sectie.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    vragen: Mapped[list[Vraag]] = relationship(
        back_populates="peiling",
        order_by="(Vraag.volgorde, Vraag.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        sa.CheckConstraint("sluit_op > opent_op", name="sluit_na_open"),
        sa.Index(
            "uq_peiling_snel_home",
            "snel_home",
            unique=True,
            sqlite_where=sa.text("snel_home"),
            postgresql_where=sa.text("snel_home"),
        ),
    )

    @property
    def slug(self) -> str:
        return slugify(self.titel, max_length=60, word_boundary=True) or "peiling"

    def staat(self, now: datetime | None = None) -> Staat:
        now = now or utcnow()
        if self.gepubliceerd_op is None:
            return Staat.CONCEPT
        if now < self.opent_op:
            return Staat.GEPLAND
        if now < self.sluit_op:
            return Staat.OPEN
        return Staat.GESLOTEN

    @property
    def staat_label(self) -> Any:
        return STAAT_LABELS[self.staat()]

    def vragen_op_volgorde(self) -> list[Vraag]:
        """Every question in the order a resident meets them: section by section."""
        order = {s.id: i for i, s in enumerate(self.secties)}
        return sorted(self.vragen, key=lambda v: (order.get(v.sectie_id, 0), v.volgorde, v.id))

    def object_title(self) -> str:
        return self.titel

    def object_url(self, _external: bool = False) -> str:
        return url_for("peilingen.detail", peiling_id=self.id, slug=self.slug, _external=_external)

    def can_view(self, user: Any) -> bool:
        from open_nijmegen.peilingen.permissions import can_view

        return can_view(user, self)


class Sectie(db.Model):  # type: ignore[name-defined,misc]
    """A page of the questionnaire."""

    __tablename__ = "peiling_sectie"

    id: Mapped[int] = mapped_column(primary_key=True)
    peiling_id: Mapped[int] = mapped_column(
        sa.ForeignKey("peiling.id", ondelete="CASCADE"), nullable=False, index=True
    )
    volgorde: Mapped[int] = mapped_column(nullable=False, default=0)
    titel: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    uitleg: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")

    peiling: Mapped[Peiling] = relationship(back_populates="secties")
    vragen: Mapped[list[Vraag]] = relationship(
        back_populates="sectie", order_by="(Vraag.volgorde, Vraag.id)"
    )


class Vraag(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "peiling_vraag"

    id: Mapped[int] = mapped_column(primary_key=True)
    peiling_id: Mapped[int] = mapped_column(
        sa.ForeignKey("peiling.id", ondelete="CASCADE"), nullable=False, index=True
    )
    sectie_id: Mapped[int] = mapped_column(
        sa.ForeignKey("peiling_sectie.id", ondelete="CASCADE"), nullable=False, index=True
    )
    volgorde: Mapped[int] = mapped_column(nullable=False, default=0)
    soort: Mapped[Soort] = enum_column(Soort, "peiling_vraag_soort", nullable=False)
    tekst: Mapped[str] = mapped_column(sa.String(500), nullable=False)
    uitleg: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    verplicht: Mapped[bool] = mapped_column(nullable=False, default=False)
    max_keuzes: Mapped[int | None] = mapped_column()  # multiple choice: at most this many
    schaal_max: Mapped[int | None] = mapped_column()  # scale: 5 or 10 (from 1)
    label_laag: Mapped[str] = mapped_column(sa.String(80), nullable=False, default="")
    label_hoog: Mapped[str] = mapped_column(sa.String(80), nullable=False, default="")
    getal_min: Mapped[int | None] = mapped_column(sa.BigInteger)
    getal_max: Mapped[int | None] = mapped_column(sa.BigInteger)
    # Skip rule: show this question only when question ``toon_als_vraag_id`` has the answer
    # ``toon_als_optie_id``.
    toon_als_vraag_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("peiling_vraag.id", ondelete="SET NULL")
    )
    # No foreign key (options point at their question): checked in code, cleared when the
    # option goes (services.zet_opties).
    toon_als_optie_id: Mapped[int | None] = mapped_column()

    peiling: Mapped[Peiling] = relationship(back_populates="vragen")
    sectie: Mapped[Sectie] = relationship(back_populates="vragen")
    opties: Mapped[list[Optie]] = relationship(
        back_populates="vraag",
        order_by="(Optie.volgorde, Optie.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        sa.CheckConstraint("schaal_max IS NULL OR schaal_max IN (5, 10)", name="schaal"),
        sa.CheckConstraint("max_keuzes IS NULL OR max_keuzes >= 1", name="max_keuzes"),
        sa.CheckConstraint(
            "getal_min IS NULL OR getal_max IS NULL OR getal_min <= getal_max", name="getal"
        ),
    )

    @property
    def soort_label(self) -> Any:
        return SOORT_LABELS[self.soort]

    @property
    def heeft_opties(self) -> bool:
        return self.soort in MET_OPTIES

    def optie(self, optie_id: int | None) -> Optie | None:
        return next((o for o in self.opties if o.id == optie_id), None)


class Optie(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "peiling_optie"

    id: Mapped[int] = mapped_column(primary_key=True)
    vraag_id: Mapped[int] = mapped_column(
        sa.ForeignKey("peiling_vraag.id", ondelete="CASCADE"), nullable=False, index=True
    )
    volgorde: Mapped[int] = mapped_column(nullable=False, default=0)
    tekst: Mapped[str] = mapped_column(sa.String(200), nullable=False)

    vraag: Mapped[Vraag] = relationship(back_populates="opties")


class Deelname(db.Model):  # type: ignore[name-defined,misc]
    """That an account answered a peiling (never what): refuses a second response."""

    __tablename__ = "peiling_deelname"

    id: Mapped[int] = mapped_column(primary_key=True)
    peiling_id: Mapped[int] = mapped_column(
        sa.ForeignKey("peiling.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    dag: Mapped[date] = mapped_column(sa.Date, nullable=False)

    __table_args__ = (sa.UniqueConstraint("peiling_id", "user_id"),)


class Inzending(PaperEntryMixin, db.Model):  # type: ignore[name-defined,misc]
    """What one respondent answered: no user id, no code, no IP address, only the day."""

    __tablename__ = "peiling_inzending"

    sleutel: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    peiling_id: Mapped[int] = mapped_column(
        sa.ForeignKey("peiling.id", ondelete="CASCADE"), nullable=False, index=True
    )
    dag: Mapped[date] = mapped_column(sa.Date, nullable=False)
    af: Mapped[bool] = mapped_column(nullable=False, default=False)  # False: saved for later
    # question id (as text) -> option id | [option ids] | number; open answers are apart.
    antwoorden: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False, default=dict)
    # For weighting: the wijk and age group the respondent chose (coarse, optional).
    wijk: Mapped[str | None] = mapped_column(sa.String(80))
    leeftijd: Mapped[str | None] = mapped_column(sa.String(20))

    open_antwoorden: Mapped[list[OpenAntwoord]] = relationship(
        back_populates="inzending", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (sa.Index("ix_peiling_inzending_af", "peiling_id", "af"),)


class OpenAntwoord(db.Model):  # type: ignore[name-defined,misc]
    """An open answer, masked on the way in, screened by an officer before publication."""

    __tablename__ = "peiling_open_antwoord"

    id: Mapped[int] = mapped_column(primary_key=True)
    inzending_sleutel: Mapped[str] = mapped_column(
        sa.ForeignKey("peiling_inzending.sleutel", ondelete="CASCADE"), nullable=False
    )
    vraag_id: Mapped[int] = mapped_column(
        sa.ForeignKey("peiling_vraag.id", ondelete="CASCADE"), nullable=False, index=True
    )
    tekst: Mapped[str] = mapped_column(sa.Text, nullable=False)
    beoordeling: Mapped[Beoordeling] = enum_column(
        Beoordeling, "peiling_beoordeling", nullable=False, default=Beoordeling.WACHT
    )

    inzending: Mapped[Inzending] = relationship(back_populates="open_antwoorden")

    __table_args__ = (sa.UniqueConstraint("inzending_sleutel", "vraag_id"),)


from open_nijmegen.core.labels import register_value_labels  # noqa: E402

register_value_labels("peiling", "doelgroep", DOELGROEP_LABELS)
register_value_labels("peiling_vraag", "soort", SOORT_LABELS)
register_value_labels("peiling_open_antwoord", "beoordeling", BEOORDELING_LABELS)
