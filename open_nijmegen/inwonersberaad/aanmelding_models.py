"""Stage 2 of the recruitment: the registrations (aanmeldingen) of invited residents.

``WervingOpzet`` holds, per beraad, what the registration asks: the quotas file in the format
the lottery reads (``kenmerk, waarde, min, max``; its features are the questions, its values
the answers), the session dates and the number of reserves. ``BeraadAanmelding`` is one
registration: a one-time code from the letter was used for it (``code_id``, unique), its
answers (``kenmerken``) and contact details. The lottery sees only ``pseudoniem`` and the
answers (``aanmelding.pool_csv``), never a name or an address.

Retention: who is not chosen gets a thank-you mail (``bericht_op``); the registration is
deleted ``bewaar.werving_aanmeldingen_dagen`` after that (``aanmelding.purge_registrations``).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from open_nijmegen.core.db import UTCDateTime, enum_column, utcnow
from open_nijmegen.extensions import db


class AanmeldStatus(enum.StrEnum):
    AANGEMELD = "aangemeld"
    GEKOZEN = "gekozen"
    RESERVE = "reserve"
    NIET_GEKOZEN = "niet_gekozen"
    AFGEVALLEN = "afgevallen"


AANMELD_LABELS: dict[AanmeldStatus, Any] = {
    AanmeldStatus.AANGEMELD: _l("Aangemeld"),
    AanmeldStatus.GEKOZEN: _l("Gekozen"),
    AanmeldStatus.RESERVE: _l("Reserve"),
    AanmeldStatus.NIET_GEKOZEN: _l("Niet gekozen"),
    AanmeldStatus.AFGEVALLEN: _l("Doet niet meer mee"),
}

MAX_TEKST = 1000


class WervingOpzet(db.Model):  # type: ignore[name-defined,misc]
    """What the registration form of one beraad asks (set by an officer)."""

    __tablename__ = "beraad_werving"

    id: Mapped[int] = mapped_column(primary_key=True)
    beraad_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beraad.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    quota_csv: Mapped[bytes] = mapped_column(sa.LargeBinary, nullable=False)
    sessies: Mapped[list[str]] = mapped_column(sa.JSON, nullable=False, default=list)
    reserves: Mapped[int] = mapped_column(nullable=False, default=0)
    # The lottery run whose outcome was sent to the registrations (after the draw).
    uitslag_loting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("loting.id", ondelete="SET NULL")
    )
    uitslag_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    __table_args__ = (sa.CheckConstraint("reserves >= 0", name="reserves"),)


class BeraadAanmelding(db.Model):  # type: ignore[name-defined,misc]
    """One registration for one beraad, made with one code from the letter."""

    __tablename__ = "beraad_aanmelding"

    id: Mapped[int] = mapped_column(primary_key=True)
    beraad_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beraad.id", ondelete="CASCADE"), nullable=False, index=True
    )
    code_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("one_time_code.id", ondelete="SET NULL"), unique=True
    )
    # The id in the lottery's people file: random, says nothing about the person.
    pseudoniem: Mapped[str] = mapped_column(sa.String(16), nullable=False, unique=True)
    kenmerken: Mapped[dict[str, str]] = mapped_column(sa.JSON, nullable=False)
    naam: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    email: Mapped[str | None] = mapped_column(sa.String(254))
    telefoon: Mapped[str] = mapped_column(sa.String(30), nullable=False, default="")
    postcode: Mapped[str] = mapped_column(sa.String(6), nullable=False)
    huisnummer: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    # "POSTCODE HUISNUMMER" while one registration per address is the rule, else NULL.
    adres_uniek: Mapped[str | None] = mapped_column(sa.String(20))
    beschikbaar: Mapped[list[str]] = mapped_column(sa.JSON, nullable=False, default=list)
    toegankelijkheid: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    kinderopvang: Mapped[bool] = mapped_column(nullable=False, default=False)
    tolk: Mapped[str] = mapped_column(sa.String(80), nullable=False, default="")
    toestemming_op: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    # The account of the resident, when logged in (for the privacy page); usually none.
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    # The officer who entered it during a phone call (assisted entry).
    namens_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[AanmeldStatus] = enum_column(
        AanmeldStatus, "status", nullable=False, default=AanmeldStatus.AANGEMELD
    )
    reserve_nummer: Mapped[int | None] = mapped_column()
    # SHA-256 of the token in the confirmation mail's link (see eigen_aanmelding).
    eigen_digest: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    bericht_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    beraad = relationship("Beraad")

    __table_args__ = (
        sa.UniqueConstraint("beraad_id", "adres_uniek", name="uq_beraad_aanmelding_adres"),
        sa.CheckConstraint("length(toegankelijkheid) <= 1000 AND length(naam) > 0", name="lengte"),
        sa.CheckConstraint(
            "(status = 'reserve') = (reserve_nummer IS NOT NULL)", name="reserve_nummer"
        ),
    )

    @property
    def is_assisted(self) -> bool:
        """Entered by an officer on the phone; the dashboard shows these apart."""
        return self.namens_id is not None

    @property
    def status_label(self) -> Any:
        return AANMELD_LABELS[self.status]


class BriefBatch(db.Model):  # type: ignore[name-defined,misc]
    """One batch of invitation letters as a PDF (one A4 letter per drawn address, with a new
    one-time code and a QR code to the registration), made by the background job
    ``inwonersberaad.brieven``. The codes exist in plain text only inside the PDF and the
    print house's CSV beside it (``drukkerij_csv``: one line per letter, the address fields and
    the code); both are deleted after ``bewaar.werving_adressen_dagen`` like the drawn list."""

    __tablename__ = "werving_brieven"

    id: Mapped[int] = mapped_column(primary_key=True)
    beraad_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beraad.id", ondelete="CASCADE"), nullable=False, index=True
    )
    trekking_id: Mapped[int] = mapped_column(
        sa.ForeignKey("adres_trekking.id", ondelete="CASCADE"), nullable=False, index=True
    )
    tekst: Mapped[str] = mapped_column(sa.Text, nullable=False)
    herinnering: Mapped[bool] = mapped_column(nullable=False, default=False)
    aantal: Mapped[int] = mapped_column(nullable=False, default=0)
    job_id: Mapped[int | None] = mapped_column(sa.ForeignKey("job.id", ondelete="SET NULL"))
    pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    drukkerij_csv: Mapped[str | None] = mapped_column(sa.Text)
    fout: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    klaar_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verwijderd_op: Mapped[datetime | None] = mapped_column(UTCDateTime())

    job = relationship("Job")

    __table_args__ = (
        sa.CheckConstraint("length(tekst) <= 5000", name="tekst"),
        sa.CheckConstraint("verwijderd_op IS NULL OR pdf IS NULL", name="verwijderd"),
        sa.CheckConstraint("verwijderd_op IS NULL OR drukkerij_csv IS NULL", name="csv_verwijderd"),
    )
