"""Ideeën: trajecten with dated phases, wijken, thema's, ideas and supports.

States are kept apart, each with its own columns:
- moderation of a new idea (``moderatie``: wacht -> goedgekeurd | afgewezen), with
  ``published_at`` set exactly when approved (a CHECK constraint holds this);
- the workflow status the municipality gives (``status``: open -> in behandeling ->
  overgenomen | deels overgenomen | niet overgenomen -> uitgevoerd);
- the moderation flag ``hidden_at`` (``Hideable``), the author's ``withdrawn_at`` and the
  officers' ``merged_into_id``.
``queries.public_ideas()`` combines them into the one definition of "public".

Official answers are ``core.models.StatusChange`` rows (object_type "idee") with the B1
explanation: one dated, public history row per change, shown on the idea and mailed to
followers. Moderation decisions are StatusChange rows too, with ``is_public`` False.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy.orm import Mapped, mapped_column, relationship

from open_nijmegen.core.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.interactions.versions import keep_reactions_version, new_version
from open_nijmegen.core.objects import register_object_type
from open_nijmegen.core.phases import phase_at
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.phases import Fase
from open_nijmegen.moderation.models import Hideable


class Moderatie(enum.StrEnum):
    WACHT = "wacht"
    GOEDGEKEURD = "goedgekeurd"
    AFGEWEZEN = "afgewezen"


class IdeeStatus(enum.StrEnum):
    OPEN = "open"
    IN_BEHANDELING = "in_behandeling"
    OVERGENOMEN = "overgenomen"
    DEELS_OVERGENOMEN = "deels_overgenomen"
    NIET_OVERGENOMEN = "niet_overgenomen"
    UITGEVOERD = "uitgevoerd"


STATUS_LABELS: dict[IdeeStatus, Any] = {
    IdeeStatus.OPEN: _l("Nog geen antwoord"),
    IdeeStatus.IN_BEHANDELING: _l("In behandeling"),
    IdeeStatus.OVERGENOMEN: _l("Overgenomen"),
    IdeeStatus.DEELS_OVERGENOMEN: _l("Deels overgenomen"),
    IdeeStatus.NIET_OVERGENOMEN: _l("Niet overgenomen"),
    IdeeStatus.UITGEVOERD: _l("Uitgevoerd"),
}

# Which official statuses an officer may give after each status.
STATUS_TRANSITIONS: dict[IdeeStatus, frozenset[IdeeStatus]] = {
    IdeeStatus.OPEN: frozenset(set(IdeeStatus) - {IdeeStatus.OPEN}),
    IdeeStatus.IN_BEHANDELING: frozenset(set(IdeeStatus) - {IdeeStatus.OPEN}),
    IdeeStatus.OVERGENOMEN: frozenset(set(IdeeStatus) - {IdeeStatus.OPEN}),
    IdeeStatus.DEELS_OVERGENOMEN: frozenset(set(IdeeStatus) - {IdeeStatus.OPEN}),
    IdeeStatus.NIET_OVERGENOMEN: frozenset(set(IdeeStatus) - {IdeeStatus.OPEN}),
    IdeeStatus.UITGEVOERD: frozenset({IdeeStatus.UITGEVOERD}),
}


@register_object_type("traject", area="ideeen", label=N_("Project"))
class Traject(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A participation project that gathers ideas, with dated phases. Its page is
    ``/projecten/<id>-<slug>``: the one line (``samenvatting``) shows on the home page, the
    description and the image (``afbeelding_id``, an upload) on the page; officers set them."""

    __tablename__ = "traject"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), nullable=False, unique=True)
    titel: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    samenvatting: Mapped[str] = mapped_column(
        sa.String(200), nullable=False, default="", server_default=""
    )
    beschrijving: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    doorlopend: Mapped[bool] = mapped_column(nullable=False, default=False)
    afbeelding_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("upload.id", ondelete="SET NULL")
    )

    fases: Mapped[list[TrajectFase]] = relationship(
        back_populates="traject",
        cascade="all, delete-orphan",
        order_by="TrajectFase.begint_op",
    )

    def fase_op(self, moment: datetime | None = None) -> Fase:
        """The phase at a moment: the one that began last; before any: voorbereiding."""
        return fase_at(self.doorlopend, ((f.fase, f.begint_op) for f in self.fases), moment)

    # -- shared-object hooks (its image is an upload) -------------------------------------
    def object_title(self) -> str:
        return self.titel

    def object_url(self, _external: bool = False) -> str:
        return url_for("projecten.detail", traject_id=self.id, slug=self.slug, _external=_external)

    def can_view_upload(self, user: Any, upload: Any) -> bool:
        return upload.id == self.afbeelding_id  # project pages are public


def fase_at(
    doorlopend: bool, fases: Iterable[tuple[Fase, datetime]], moment: datetime | None = None
) -> Fase:
    """The phase of a traject at a moment, from its phases in order of their start."""
    if doorlopend:
        return Fase.DOORLOPEND
    return phase_at(fases, Fase.VOORBEREIDING, moment)


class TrajectFase(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "traject_fase"

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(
        sa.ForeignKey("traject.id", ondelete="CASCADE"), nullable=False
    )
    fase: Mapped[Fase] = enum_column(Fase, "fase", nullable=False)
    begint_op: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)

    traject: Mapped[Traject] = relationship(back_populates="fases")

    __table_args__ = (sa.Index("ix_traject_fase_traject", "traject_id", "begint_op"),)


class Thema(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "thema"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(80), nullable=False, unique=True)
    actief: Mapped[bool] = mapped_column(nullable=False, default=True)


@functools.lru_cache(maxsize=4096)
def slug_for(titel: str) -> str:
    """The readable part of an idea's URL (memoised: lists show the same titles again)."""
    return slugify(titel, max_length=60, word_boundary=True) or "idee"


def is_public_state(idee: Any) -> bool:
    """Python twin of ``queries.public_condition()``, for an ``Idee`` or a ``queries.IdeePagina``."""
    return (
        idee.moderatie == Moderatie.GOEDGEKEURD
        and idee.published_at is not None
        and idee.hidden_at is None
        and idee.withdrawn_at is None
        and idee.merged_into_id is None
    )


# What "public" means in SQL (queries.public_condition says the same in SQLAlchemy terms; a
# test checks that the two agree): the predicate of the partial index ix_idee_publiek.
PUBLIEK = (
    "moderatie = 'goedgekeurd' AND published_at IS NOT NULL AND hidden_at IS NULL "
    "AND withdrawn_at IS NULL AND merged_into_id IS NULL"
)
KAART = PUBLIEK + " AND lat IS NOT NULL"


@register_object_type("idee", area="ideeen", reactable=True, followable=True, label=N_("Idee"))
class Idee(Hideable, TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "idee"

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(
        sa.ForeignKey("traject.id", ondelete="RESTRICT"), nullable=False
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    titel: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    tekst: Mapped[str] = mapped_column(sa.Text, nullable=False)
    wijk_id: Mapped[int] = mapped_column(
        sa.ForeignKey("wijk.id", ondelete="RESTRICT"), nullable=False
    )
    thema_id: Mapped[int] = mapped_column(
        sa.ForeignKey("thema.id", ondelete="RESTRICT"), nullable=False
    )
    adres: Mapped[str | None] = mapped_column(sa.String(200))
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lon: Mapped[float | None] = mapped_column(sa.Float)
    image_id: Mapped[int | None] = mapped_column(sa.ForeignKey("upload.id", ondelete="SET NULL"))

    moderatie: Mapped[Moderatie] = enum_column(
        Moderatie, "moderatie", nullable=False, default=Moderatie.WACHT
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[IdeeStatus] = enum_column(
        IdeeStatus, "status", nullable=False, default=IdeeStatus.OPEN
    )
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("idee.id", ondelete="SET NULL")
    )
    merged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Support threshold: set once, when N supports came in within D days (terms copied then).
    threshold_reached_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Denormalised counters, changed only together with the rows they count.
    support_count: Mapped[int] = mapped_column(nullable=False, default=0)
    reaction_count: Mapped[int] = mapped_column(nullable=False, default=0)
    # Changes with every change to what the reactions section shows (core.interactions.versions).
    reacties_versie: Mapped[int] = mapped_column(
        sa.BigInteger, nullable=False, default=new_version, server_default="0"
    )

    traject: Mapped[Traject] = relationship()
    wijk: Mapped[Wijk] = relationship(lazy="joined", innerjoin=True)
    thema: Mapped[Thema] = relationship(lazy="joined", innerjoin=True)
    author = relationship("User", lazy="joined", foreign_keys=[author_id])
    image = relationship("Upload", lazy="joined", foreign_keys=[image_id])
    merged_into = relationship("Idee", remote_side=[id], foreign_keys=[merged_into_id])

    __table_args__ = (
        sa.CheckConstraint(
            "(moderatie = 'goedgekeurd') = (published_at IS NOT NULL)", name="published"
        ),
        sa.CheckConstraint("status = 'open' OR moderatie = 'goedgekeurd'", name="status_published"),
        sa.CheckConstraint("(lat IS NULL) = (lon IS NULL)", name="point"),
        sa.CheckConstraint("(merged_into_id IS NULL) = (merged_at IS NULL)", name="merged"),
        sa.CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="merged_self"),
        sa.CheckConstraint("support_count >= 0 AND reaction_count >= 0", name="counts"),
        sa.CheckConstraint("length(titel) <= 120 AND length(tekst) <= 10000", name="lengths"),
        # One index per list order and filter; every order ends on id for stable keysets.
        sa.Index("ix_idee_nieuw", "published_at", "id"),
        sa.Index("ix_idee_steun", "support_count", "id"),
        sa.Index("ix_idee_reacties", "reaction_count", "id"),
        sa.Index("ix_idee_beantwoord", "answered_at", "id"),
        sa.Index("ix_idee_wijk_nieuw", "wijk_id", "published_at", "id"),
        sa.Index("ix_idee_wijk_steun", "wijk_id", "support_count", "id"),
        sa.Index("ix_idee_thema_nieuw", "thema_id", "published_at", "id"),
        sa.Index("ix_idee_thema_steun", "thema_id", "support_count", "id"),
        sa.Index("ix_idee_status_nieuw", "status", "published_at", "id"),
        sa.Index("ix_idee_traject_nieuw", "traject_id", "published_at", "id"),
        sa.Index("ix_idee_moderatie", "moderatie", "created_at"),
        sa.Index("ix_idee_answer_due", "answer_due_at"),
        sa.Index("ix_idee_merged_into", "merged_into_id"),
        sa.Index("ix_idee_updated", "updated_at"),  # Last-Modified of the open data
        # The public ideas only, narrow: the counts on the home page and the list (all, or one
        # traject, which may hold nearly every idea) read this index, not the wide table rows.
        sa.Index(
            "ix_idee_publiek",
            "traject_id",
            "answered_at",
            postgresql_where=sa.text(PUBLIEK),
            sqlite_where=sa.text(PUBLIEK),
        ),
        # The map: the newest public ideas with a place, without reading past the many without
        # one (a filter that finds few points would otherwise walk the whole idea table).
        sa.Index(
            "ix_idee_kaart",
            "published_at",
            "id",
            postgresql_where=sa.text(KAART),
            sqlite_where=sa.text(KAART),
        ),
    )

    # -- state ---------------------------------------------------------------------------
    @property
    def is_published(self) -> bool:
        return self.moderatie == Moderatie.GOEDGEKEURD

    @property
    def is_public(self) -> bool:
        """Python twin of ``queries.public_ideas()`` for one loaded idea."""
        return is_public_state(self)

    @property
    def author_name(self) -> str | None:
        """The author's display name; None without an author or after erasure."""
        author = self.author
        return author.display_name if author is not None and author.erased_at is None else None

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]

    @property
    def slug(self) -> str:
        return slug_for(self.titel)

    # -- shared-object hooks -------------------------------------------------------------
    def object_title(self) -> str:
        return self.titel

    def object_url(self, _external: bool = False) -> str:
        return url_for("ideeen.detail", idee_id=self.id, slug=self.slug, _external=_external)

    def can_view(self, user: Any) -> bool:
        from open_nijmegen.ideeen.permissions import can_view

        return can_view(user, self)

    def can_react(self, user: Any) -> bool:
        from open_nijmegen.ideeen.permissions import can_react

        return can_react(user, self)

    def can_view_upload(self, user: Any, upload: Any) -> bool:
        return upload.id == self.image_id and self.can_view(user)

    def reaction_owner(self) -> Any:
        """Who is told about a new reaction (core.interactions): the idea's author."""
        author = self.author
        return author if author is not None and author.erased_at is None else None

    def on_reactions_changed(self) -> None:
        from open_nijmegen.ideeen.services import recount_reactions

        recount_reactions(self)

    def on_hidden_changed(self) -> None:
        """Called by the generic report queue after hiding: keep a private history row."""
        from open_nijmegen.core.models import StatusChange

        db.session.add(
            StatusChange(
                object_type="idee",
                object_id=self.id,
                from_status="zichtbaar",
                to_status="verborgen" if self.hidden_at else "zichtbaar",
                explanation=self.hidden_reason or "",
                is_public=False,
                actor_id=self.hidden_by_id,
            )
        )


keep_reactions_version("idee", Idee.__table__.c.reacties_versie)


class Steun(db.Model):  # type: ignore[name-defined,misc]
    """One support per account per idea: the unique constraint keeps the count exact."""

    __tablename__ = "steun"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False
    )
    idee_id: Mapped[int] = mapped_column(
        sa.ForeignKey("idee.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    __table_args__ = (
        sa.UniqueConstraint("user_id", "idee_id", name="user_idee"),
        sa.Index("ix_steun_idee", "idee_id", "created_at"),
    )


from open_nijmegen.core.labels import register_value_labels  # noqa: E402

register_value_labels("idee", "status", STATUS_LABELS)
