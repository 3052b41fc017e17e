"""Shared building blocks every module reuses: audit log, typed settings, status history,
reactions, follows, uploads and background jobs.

They refer to "any object" by (object_type, object_id); see ``core.objects``.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from open_nijmegen.core.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.objects import register_object_type
from open_nijmegen.extensions import db
from open_nijmegen.moderation.models import Hideable


class AuditLog(db.Model):  # type: ignore[name-defined,misc]
    """Append-only log of staff actions: who, what, on which object, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(sa.String(80), nullable=False)
    object_type: Mapped[str | None] = mapped_column(sa.String(40))
    object_id: Mapped[int | None] = mapped_column()
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False, default=dict)

    actor = relationship("User", lazy="joined")

    __table_args__ = (sa.Index("ix_audit_log_object", "object_type", "object_id"),)


class Setting(db.Model):  # type: ignore[name-defined,misc]
    """A typed domain setting that officers may change; the registry in ``core.settings``
    declares its type and default. Every change is recorded in the audit log."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(sa.JSON, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))


class StatusChange(db.Model):  # type: ignore[name-defined,misc]
    """One row per status change of any object: the public, dated history."""

    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    object_id: Mapped[int] = mapped_column(nullable=False)
    from_status: Mapped[str | None] = mapped_column(sa.String(40))
    to_status: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    explanation: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    is_public: Mapped[bool] = mapped_column(nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    # The B1 verdict of the explanation, set when the row is written (see taal/official.py).
    taal_verdict: Mapped[str | None] = mapped_column(sa.String(16))

    __table_args__ = (
        sa.Index("ix_status_change_object", "object_type", "object_id", "id"),
        # The newest changes of one kind (the feed of official answers).
        sa.Index("ix_status_change_recent", "object_type", "created_at", "id"),
        # Official texts per B1 verdict (staff dashboard), answered from the index alone.
        sa.Index("ix_status_change_taal", "taal_verdict", "is_public", "actor_id"),
    )


@register_object_type("reactie", label=N_("Reactie"))
class Reaction(Hideable, TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A plain-text reaction on any object, with one level of replies."""

    __tablename__ = "reaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    object_id: Mapped[int] = mapped_column(nullable=False)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("reaction.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    body: Mapped[str] = mapped_column(sa.Text, nullable=False)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    author = relationship("User", lazy="joined", foreign_keys=[author_id])

    __table_args__ = (
        sa.Index("ix_reaction_object", "object_type", "object_id", "created_at"),
        # The reactions hidden last (/beheer/meldingen): few rows, so a partial index.
        sa.Index(
            "ix_reaction_hidden",
            "hidden_at",
            "id",
            postgresql_where=sa.text("hidden_at IS NOT NULL"),
            sqlite_where=sa.text("hidden_at IS NOT NULL"),
        ),
        sa.CheckConstraint("length(body) <= 5000", name="body_length"),
    )

    def object_title(self) -> str:
        return self.body[:60]

    def can_view(self, user: Any) -> bool:
        """A reaction is visible (and so can be reported) where its target is visible."""
        from open_nijmegen.core.objects import load_object

        if self.deleted_at is not None or self.hidden_at is not None:
            return False
        target = load_object(self.object_type, self.object_id)
        check = getattr(target, "can_view", None)
        return bool(target is not None and check is not None and check(user))

    def object_url(self, _external: bool = False) -> str:
        from open_nijmegen.core.objects import load_object

        target = load_object(self.object_type, self.object_id)
        base = target.object_url(_external=_external) if target is not None else "/"
        return f"{base}#reactie-{self.id}"

    def on_hidden_changed(self) -> None:
        """Moderation hid this reaction: let the target keep its reaction counter exact."""
        from open_nijmegen.core.objects import load_object

        target = load_object(self.object_type, self.object_id)
        hook = getattr(target, "on_reactions_changed", None)
        if hook is not None:
            hook()


class Follow(db.Model):  # type: ignore[name-defined,misc]
    """A user follows an object and gets mail on its changes (``active`` False = turned off)."""

    __tablename__ = "follow"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    object_type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    object_id: Mapped[int] = mapped_column(nullable=False)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    user = relationship("User")

    __table_args__ = (
        sa.UniqueConstraint("user_id", "object_type", "object_id", name="user_object"),
        sa.Index("ix_follow_object", "object_type", "object_id"),
    )


class Upload(db.Model):  # type: ignore[name-defined,misc]
    """A file checked by content and stored under a generated name outside ``static/``."""

    __tablename__ = "upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    object_type: Mapped[str | None] = mapped_column(sa.String(40))
    object_id: Mapped[int | None] = mapped_column()
    stored_name: Mapped[str] = mapped_column(sa.String(80), nullable=False, unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(sa.String(80), nullable=False)
    size: Mapped[int] = mapped_column(nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    # Photos: the stored size in pixels (None for a PDF, or a photo stored before sizes were
    # kept). Smaller copies for ``srcset`` exist for every width in uploads.SIZES below it.
    width: Mapped[int | None] = mapped_column()
    height: Mapped[int | None] = mapped_column()

    __table_args__ = (
        sa.Index("ix_upload_object", "object_type", "object_id"),
        sa.CheckConstraint("(width IS NULL) = (height IS NULL)", name="size_pair"),
        sa.CheckConstraint("width IS NULL OR (width > 0 AND height > 0)", name="size_positive"),
    )


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """Background work (mail, lottery, digests, purge), claimed safely by workers."""

    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(60), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False, default=dict)
    status: Mapped[JobStatus] = enum_column(
        JobStatus, "status", nullable=False, default=JobStatus.QUEUED
    )
    run_after: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    max_attempts: Mapped[int] = mapped_column(nullable=False, default=3)
    locked_by: Mapped[str | None] = mapped_column(sa.String(120))
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    progress: Mapped[float] = mapped_column(nullable=False, default=0.0)
    progress_text: Mapped[str] = mapped_column(sa.String(255), nullable=False, default="")
    result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    error: Mapped[str | None] = mapped_column(sa.Text)

    __table_args__ = (sa.Index("ix_job_claim", "status", "run_after"),)
