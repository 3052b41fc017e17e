"""Inwonersberaad: a beraad with its phases, members, closed dossier, advice, the municipality's
response per recommendation with progress, and the lottery runs.

States are explicit: ``Beraad.fase`` follows ``FASE_OVERGANGEN`` (one ``StatusChange`` row per
move); ``Aanbeveling.status`` follows ``AANBEVELING_OVERGANGEN``. The lottery input (a CSV without
names) is kept on ``Loting`` only until the retention term; the hashes stay.
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


class Fase(enum.StrEnum):
    OPDRACHT = "opdracht"
    WERVING = "werving"
    AANMELDING = "aanmelding"
    LOTING = "loting"
    SAMENGESTELD = "samengesteld"
    LEERFASE = "leerfase"
    BERAADSLAGING = "beraadslaging"
    ADVIES_VASTGESTELD = "advies_vastgesteld"
    AANGEBODEN = "aangeboden"
    REACTIE_IN_VOORBEREIDING = "reactie_in_voorbereiding"
    REACTIE_GEPUBLICEERD = "reactie_gepubliceerd"
    MONITORING = "monitoring"
    AFGESLOTEN = "afgesloten"


FASEN: tuple[Fase, ...] = tuple(Fase)

FASE_LABELS: dict[Fase, Any] = {
    Fase.OPDRACHT: _l("Opdracht"),
    Fase.WERVING: _l("Werving"),
    Fase.AANMELDING: _l("Aanmelden"),
    Fase.LOTING: _l("Loting"),
    Fase.SAMENGESTELD: _l("Groep is klaar"),
    Fase.LEERFASE: _l("Leren"),
    Fase.BERAADSLAGING: _l("Praten en kiezen"),
    Fase.ADVIES_VASTGESTELD: _l("Advies is klaar"),
    Fase.AANGEBODEN: _l("Advies aangeboden"),
    Fase.REACTIE_IN_VOORBEREIDING: _l("Gemeente schrijft reactie"),
    Fase.REACTIE_GEPUBLICEERD: _l("Reactie gemeente"),
    Fase.MONITORING: _l("Uitvoering volgen"),
    Fase.AFGESLOTEN: _l("Afgesloten"),
}

FASE_UITLEG: dict[Fase, Any] = {
    Fase.OPDRACHT: _l("De gemeente bepaalt de vraag."),
    Fase.WERVING: _l("Inwoners krijgen een brief met een uitnodiging."),
    Fase.AANMELDING: _l("Inwoners melden zich aan."),
    Fase.LOTING: _l("Een loting kiest de leden."),
    Fase.SAMENGESTELD: _l("De leden zijn bekend."),
    Fase.LEERFASE: _l("De leden leren over het onderwerp."),
    Fase.BERAADSLAGING: _l("De leden praten en kiezen."),
    Fase.ADVIES_VASTGESTELD: _l("De leden stemmen over het advies."),
    Fase.AANGEBODEN: _l("De leden geven het advies aan de gemeente."),
    Fase.REACTIE_IN_VOORBEREIDING: _l("De gemeente schrijft een reactie."),
    Fase.REACTIE_GEPUBLICEERD: _l("De reactie van de gemeente staat hier."),
    Fase.MONITORING: _l("U ziet hier hoe het advies wordt uitgevoerd."),
    Fase.AFGESLOTEN: _l("Het beraad is klaar."),
}

# Allowed phase moves: one step forward; back one step only where a step may be redone.
FASE_OVERGANGEN: dict[Fase, frozenset[Fase]] = {
    Fase.OPDRACHT: frozenset({Fase.WERVING}),
    Fase.WERVING: frozenset({Fase.AANMELDING, Fase.OPDRACHT}),
    Fase.AANMELDING: frozenset({Fase.LOTING, Fase.WERVING}),
    Fase.LOTING: frozenset({Fase.SAMENGESTELD, Fase.AANMELDING}),
    Fase.SAMENGESTELD: frozenset({Fase.LEERFASE}),
    Fase.LEERFASE: frozenset({Fase.BERAADSLAGING}),
    Fase.BERAADSLAGING: frozenset({Fase.ADVIES_VASTGESTELD, Fase.LEERFASE}),
    Fase.ADVIES_VASTGESTELD: frozenset({Fase.AANGEBODEN, Fase.BERAADSLAGING}),
    Fase.AANGEBODEN: frozenset({Fase.REACTIE_IN_VOORBEREIDING}),
    Fase.REACTIE_IN_VOORBEREIDING: frozenset({Fase.REACTIE_GEPUBLICEERD}),
    Fase.REACTIE_GEPUBLICEERD: frozenset({Fase.MONITORING}),
    Fase.MONITORING: frozenset({Fase.AFGESLOTEN}),
    Fase.AFGESLOTEN: frozenset(),
}

# Phases in which the members work in their closed dossier (discussion open).
WERKFASEN = frozenset(
    {Fase.SAMENGESTELD, Fase.LEERFASE, Fase.BERAADSLAGING, Fase.ADVIES_VASTGESTELD}
)
# Phases in which the response deadline runs.
WACHT_OP_REACTIE = frozenset({Fase.AANGEBODEN, Fase.REACTIE_IN_VOORBEREIDING})


class AanbevelingStatus(enum.StrEnum):
    OPEN = "open"
    OVERGENOMEN = "overgenomen"
    DEELS_OVERGENOMEN = "deels_overgenomen"
    NIET_OVERGENOMEN = "niet_overgenomen"
    NADER_ONDERZOEK = "nader_onderzoek"
    IN_UITVOERING = "in_uitvoering"
    UITGEVOERD = "uitgevoerd"


AANBEVELING_LABELS: dict[AanbevelingStatus, Any] = {
    AanbevelingStatus.OPEN: _l("Nog geen reactie"),
    AanbevelingStatus.OVERGENOMEN: _l("Overgenomen"),
    AanbevelingStatus.DEELS_OVERGENOMEN: _l("Deels overgenomen"),
    AanbevelingStatus.NIET_OVERGENOMEN: _l("Niet overgenomen"),
    AanbevelingStatus.NADER_ONDERZOEK: _l("Wordt eerst onderzocht"),
    AanbevelingStatus.IN_UITVOERING: _l("Wordt uitgevoerd"),
    AanbevelingStatus.UITGEVOERD: _l("Uitgevoerd"),
}

# The response decisions an officer can publish (the first answer).
BESLUITEN = (
    AanbevelingStatus.OVERGENOMEN,
    AanbevelingStatus.DEELS_OVERGENOMEN,
    AanbevelingStatus.NIET_OVERGENOMEN,
    AanbevelingStatus.NADER_ONDERZOEK,
)
OVERGENOMEN = frozenset(
    {
        AanbevelingStatus.OVERGENOMEN,
        AanbevelingStatus.DEELS_OVERGENOMEN,
        AanbevelingStatus.IN_UITVOERING,
        AanbevelingStatus.UITGEVOERD,
    }
)

AANBEVELING_OVERGANGEN: dict[AanbevelingStatus, frozenset[AanbevelingStatus]] = {
    AanbevelingStatus.OPEN: frozenset(BESLUITEN),
    AanbevelingStatus.NADER_ONDERZOEK: frozenset(
        {
            AanbevelingStatus.OVERGENOMEN,
            AanbevelingStatus.DEELS_OVERGENOMEN,
            AanbevelingStatus.NIET_OVERGENOMEN,
        }
    ),
    AanbevelingStatus.OVERGENOMEN: frozenset(
        {AanbevelingStatus.IN_UITVOERING, AanbevelingStatus.UITGEVOERD}
    ),
    AanbevelingStatus.DEELS_OVERGENOMEN: frozenset(
        {AanbevelingStatus.IN_UITVOERING, AanbevelingStatus.UITGEVOERD}
    ),
    AanbevelingStatus.IN_UITVOERING: frozenset({AanbevelingStatus.UITGEVOERD}),
    AanbevelingStatus.NIET_OVERGENOMEN: frozenset(),
    AanbevelingStatus.UITGEVOERD: frozenset(),
}


class LotingStatus(enum.StrEnum):
    WACHT = "wacht"
    BEZIG = "bezig"
    KLAAR = "klaar"
    MISLUKT = "mislukt"


@register_object_type("beraad", area="inwonersberaad", followable=True, label=N_("Inwonersberaad"))
class Beraad(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "beraad"

    id: Mapped[int] = mapped_column(primary_key=True)
    vraag: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    opdracht: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    opdrachtgever: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    fase: Mapped[Fase] = enum_column(Fase, "fase", nullable=False, default=Fase.OPDRACHT)
    omvang: Mapped[int | None] = mapped_column()  # planned number of members
    selectiemethode: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    openbaar: Mapped[bool] = mapped_column(nullable=False, default=False)
    fase_sinds: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    aangeboden_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Snapshot of the response term when the advice was handed over (settings may change later).
    reactie_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reactie_gepubliceerd_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    advies_samenvatting: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    advies_vastgesteld_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    advies_stemmers: Mapped[int | None] = mapped_column()  # members who voted on the advice

    aanbevelingen: Mapped[list[Aanbeveling]] = relationship(
        back_populates="beraad", order_by="Aanbeveling.nummer", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("omvang IS NULL OR omvang > 0", name="omvang"),
        sa.CheckConstraint(
            "(reactie_deadline IS NULL) OR (aangeboden_op IS NOT NULL)", name="deadline"
        ),
        sa.CheckConstraint("length(vraag) <= 200", name="vraag_lengte"),
    )

    @property
    def slug(self) -> str:
        return slugify(self.vraag, max_length=60, word_boundary=True) or "beraad"

    @property
    def fase_label(self) -> Any:
        return FASE_LABELS[self.fase]

    @property
    def fase_index(self) -> int:
        return FASEN.index(self.fase)

    def object_title(self) -> str:
        return self.vraag

    def object_url(self, _external: bool = False) -> str:
        return url_for(
            "inwonersberaad.detail", beraad_id=self.id, slug=self.slug, _external=_external
        )

    def can_view(self, user: Any) -> bool:
        from open_nijmegen.inwonersberaad.permissions import can_view_beraad

        return can_view_beraad(user, self)


@register_object_type(
    "aanbeveling", area="inwonersberaad", followable=True, label=N_("Aanbeveling")
)
class Aanbeveling(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """One numbered recommendation of the advice, in the members' own words, with the
    municipality's response (a draft until ``reactie_gepubliceerd_op`` is set)."""

    __tablename__ = "aanbeveling"

    id: Mapped[int] = mapped_column(primary_key=True)
    beraad_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beraad.id", ondelete="CASCADE"), nullable=False
    )
    nummer: Mapped[int] = mapped_column(nullable=False)
    titel: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    tekst: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    steun_procent: Mapped[int | None] = mapped_column()  # support share in the final vote
    status: Mapped[AanbevelingStatus] = enum_column(
        AanbevelingStatus, "status", nullable=False, default=AanbevelingStatus.OPEN
    )
    # The municipality's response (draft until published).
    reactie_besluit: Mapped[AanbevelingStatus | None] = enum_column(
        AanbevelingStatus, "reactie_besluit", nullable=True
    )
    reactie_reden: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    verantwoordelijke: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    reactie_gepubliceerd_op: Mapped[datetime | None] = mapped_column(UTCDateTime())

    beraad: Mapped[Beraad] = relationship(back_populates="aanbevelingen")
    voortgang: Mapped[list[Voortgang]] = relationship(
        back_populates="aanbeveling",
        order_by="Voortgang.datum.desc(), Voortgang.id.desc()",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        sa.UniqueConstraint("beraad_id", "nummer", name="uq_aanbeveling_beraad_nummer"),
        sa.CheckConstraint(
            "steun_procent IS NULL OR (steun_procent >= 0 AND steun_procent <= 100)",
            name="steun",
        ),
        sa.CheckConstraint("nummer > 0", name="nummer"),
        sa.CheckConstraint(
            "status = 'open' OR reactie_gepubliceerd_op IS NOT NULL", name="status_gepubliceerd"
        ),
    )

    @property
    def status_label(self) -> Any:
        return AANBEVELING_LABELS[self.status]

    @property
    def is_overgenomen(self) -> bool:
        return self.status in OVERGENOMEN

    def object_title(self) -> str:
        return f"{self.nummer}. {self.titel}"

    def object_url(self, _external: bool = False) -> str:
        return url_for(
            "inwonersberaad.detail",
            beraad_id=self.beraad_id,
            slug=self.beraad.slug,
            _external=_external,
            _anchor=f"aanbeveling-{self.nummer}",
        )

    def can_view(self, user: Any) -> bool:
        return self.beraad.can_view(user)


class Voortgang(db.Model):  # type: ignore[name-defined,misc]
    """A dated, public progress update on one recommendation."""

    __tablename__ = "aanbeveling_voortgang"

    id: Mapped[int] = mapped_column(primary_key=True)
    aanbeveling_id: Mapped[int] = mapped_column(
        sa.ForeignKey("aanbeveling.id", ondelete="CASCADE"), nullable=False, index=True
    )
    datum: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    tekst: Mapped[str] = mapped_column(sa.Text, nullable=False)
    status_na: Mapped[AanbevelingStatus | None] = enum_column(
        AanbevelingStatus, "status_na", nullable=True
    )

    aanbeveling: Mapped[Aanbeveling] = relationship(back_populates="voortgang")


class Uitnodiging(db.Model):  # type: ignore[name-defined,misc]
    """An invitation by e-mail link; accepting it makes the account a member of the beraad."""

    __tablename__ = "beraad_uitnodiging"

    id: Mapped[int] = mapped_column(primary_key=True)
    beraad_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beraad.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # Emptied when the invitation is accepted or withdrawn: only needed to send the mail.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    geaccepteerd_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ingetrokken_op: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_open(self) -> bool:
        return self.geaccepteerd_op is None and self.ingetrokken_op is None


class Beraadslid(db.Model):  # type: ignore[name-defined,misc]
    """An account that is a member of one beraad (invited, then accepted)."""

    __tablename__ = "beraadslid"

    id: Mapped[int] = mapped_column(primary_key=True)
    beraad_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beraad.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    uitnodiging_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("beraad_uitnodiging.id", ondelete="SET NULL")
    )
    uitgenodigd_op: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    geaccepteerd_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    gestopt_op: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User", lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("beraad_id", "user_id", name="uq_beraadslid_beraad_user"),
    )


@register_object_type(
    "dossierstuk", area="inwonersberaad", reactable=True, label=N_("Stuk uit het dossier")
)
class Dossierstuk(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A document of the dossier: a PDF or a page written in the site, per session.
    Closed (members only) until ``openbaar_op`` is set; then it is on the public page."""

    __tablename__ = "dossierstuk"

    id: Mapped[int] = mapped_column(primary_key=True)
    beraad_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beraad.id", ondelete="CASCADE"), nullable=False, index=True
    )
    titel: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    sessie: Mapped[int] = mapped_column(nullable=False, default=1)
    sessie_naam: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    tekst: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    upload_id: Mapped[int | None] = mapped_column(sa.ForeignKey("upload.id", ondelete="SET NULL"))
    openbaar_op: Mapped[datetime | None] = mapped_column(UTCDateTime())

    beraad: Mapped[Beraad] = relationship()
    upload = relationship("Upload", lazy="joined")

    __table_args__ = (
        sa.CheckConstraint("sessie > 0", name="sessie"),
        sa.CheckConstraint("upload_id IS NOT NULL OR length(tekst) > 0", name="inhoud"),
    )

    @property
    def is_openbaar(self) -> bool:
        return self.openbaar_op is not None

    @property
    def author(self) -> None:
        return None  # written by the municipality

    def object_title(self) -> str:
        return self.titel

    def object_url(self, _external: bool = False) -> str:
        return url_for(
            "inwonersberaad.stuk", beraad_id=self.beraad_id, stuk_id=self.id, _external=_external
        )

    def can_view(self, user: Any) -> bool:
        """Members and staff only: the discussion on a document is closed even when the
        document itself is published (the public copy has its own page)."""
        from open_nijmegen.inwonersberaad.permissions import can_use_dossier

        return can_use_dossier(user, self.beraad)

    def can_react(self, user: Any) -> bool:
        from open_nijmegen.inwonersberaad.permissions import can_discuss

        return can_discuss(user, self.beraad)

    def can_view_upload(self, user: Any, upload: Any) -> bool:
        from open_nijmegen.inwonersberaad.permissions import can_use_dossier

        if upload.id != self.upload_id:
            return False
        if self.is_openbaar and self.beraad.openbaar:
            return True
        return can_use_dossier(user, self.beraad)

    def on_reactions_changed(self) -> None:
        pass


class Gelezen(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "dossier_gelezen"

    id: Mapped[int] = mapped_column(primary_key=True)
    stuk_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dossierstuk.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    gelezen_op: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    __table_args__ = (
        sa.UniqueConstraint("stuk_id", "user_id", name="uq_dossier_gelezen_stuk_user"),
    )


class PriveNotitie(db.Model):  # type: ignore[name-defined,misc]
    """A member's private note on a document: only that member sees it."""

    __tablename__ = "dossier_notitie"

    id: Mapped[int] = mapped_column(primary_key=True)
    stuk_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dossierstuk.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    tekst: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    __table_args__ = (
        sa.UniqueConstraint("stuk_id", "user_id", name="uq_dossier_notitie_stuk_user"),
        sa.CheckConstraint("length(tekst) <= 10000", name="lengte"),
    )


class ExpertVraag(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A question of a member to the experts, and the answer (all members of the beraad see
    both; the asker is not shown)."""

    __tablename__ = "expert_vraag"

    id: Mapped[int] = mapped_column(primary_key=True)
    beraad_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beraad.id", ondelete="CASCADE"), nullable=False, index=True
    )
    stuk_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("dossierstuk.id", ondelete="SET NULL")
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    vraag: Mapped[str] = mapped_column(sa.Text, nullable=False)
    antwoord: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    expert: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    beantwoord_op: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        sa.CheckConstraint("length(vraag) <= 3000 AND length(antwoord) <= 10000", name="lengte"),
        sa.CheckConstraint("(beantwoord_op IS NULL) = (length(antwoord) = 0)", name="beantwoord"),
    )


class Loting(db.Model):  # type: ignore[name-defined,misc]
    """One lottery run for a beraad. The input CSVs are kept until the retention term; the
    record (public JSON) and the hashes stay. The distribution is stored before the seed is
    drawn; the seed and the record are stored before the panel is shown."""

    __tablename__ = "loting"

    id: Mapped[int] = mapped_column(primary_key=True)
    beraad_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beraad.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[LotingStatus] = enum_column(
        LotingStatus, "status", nullable=False, default=LotingStatus.WACHT
    )
    panelgrootte: Mapped[int] = mapped_column(nullable=False)
    reserves: Mapped[int] = mapped_column(nullable=False, default=0)
    aantal_personen: Mapped[int] = mapped_column(nullable=False)
    personen_csv: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    quota_csv: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    personen_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    quota_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    job_id: Mapped[int | None] = mapped_column(sa.ForeignKey("job.id", ondelete="SET NULL"))
    verdeling: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    seed: Mapped[int | None] = mapped_column(sa.BigInteger)
    record: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    fout: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    klaar_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invoer_verwijderd_op: Mapped[datetime | None] = mapped_column(UTCDateTime())
    gepubliceerd_op: Mapped[datetime | None] = mapped_column(UTCDateTime())

    beraad: Mapped[Beraad] = relationship()
    job = relationship("Job")

    __table_args__ = (
        sa.CheckConstraint("panelgrootte > 0 AND reserves >= 0", name="aantallen"),
        sa.CheckConstraint("status <> 'klaar' OR record IS NOT NULL", name="klaar_record"),
        sa.CheckConstraint(
            "(invoer_verwijderd_op IS NULL) OR (personen_csv IS NULL AND quota_csv IS NULL)",
            name="verwijderd",
        ),
        sa.CheckConstraint("gepubliceerd_op IS NULL OR status = 'klaar'", name="gepubliceerd"),
    )


from open_nijmegen.core.labels import register_value_labels  # noqa: E402

register_value_labels("beraad", "fase", FASE_LABELS)
register_value_labels("aanbeveling", "status", AANBEVELING_LABELS)


class AdresTrekking(db.Model):  # type: ignore[name-defined,misc]
    """Stage 1 of the recruitment: the addresses drawn for the invitation letters (see
    ``werving.py``). The uploaded BRP extract itself is never stored: it lives only in the
    request that draws. The drawn list (``adressen``) is kept until ``bewaar.werving_adressen_dagen``;
    the record keeps the hashes after that. Who drew is in the audit log."""

    __tablename__ = "adres_trekking"

    id: Mapped[int] = mapped_column(primary_key=True)
    beraad_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beraad.id", ondelete="CASCADE"), nullable=False, index=True
    )
    methode: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    aantal: Mapped[int] = mapped_column(nullable=False)
    aantal_adressen: Mapped[int] = mapped_column(nullable=False)
    seed: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    invoer_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    record: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False)
    adressen: Mapped[list[dict[str, str]] | None] = mapped_column(sa.JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    lijst_verwijderd_op: Mapped[datetime | None] = mapped_column(UTCDateTime())

    beraad: Mapped[Beraad] = relationship()

    __table_args__ = (
        sa.CheckConstraint("aantal > 0 AND aantal <= aantal_adressen", name="aantallen"),
        sa.CheckConstraint("methode IN ('uniform', 'per_wijk')", name="methode"),
        sa.CheckConstraint(
            "lijst_verwijderd_op IS NULL OR adressen IS NULL", name="lijst_verwijderd"
        ),
    )
