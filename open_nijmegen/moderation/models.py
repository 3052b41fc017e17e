"""Moderation: a report ("melding") on any object, and the ``Hideable`` flag that any model
can carry beside its own workflow status."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from open_nijmegen.core.db import UTCDateTime, utcnow
from open_nijmegen.extensions import db


class Hideable:
    """Moderation flag: hidden content appears nowhere public. Independent of workflow status."""

    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_reason: Mapped[str | None] = mapped_column(sa.Text)

    @declared_attr
    def hidden_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def hide(self, actor_id: int | None, reason: str | None, now: datetime | None = None) -> None:
        """Hide it, and let the object react (``on_hidden_changed``: counters, history)."""
        self.hidden_at = now or utcnow()
        self.hidden_reason = reason
        self.hidden_by_id = actor_id
        self._hidden_changed()

    def show_again(self) -> None:
        self.hidden_at = None
        self.hidden_reason = None
        self.hidden_by_id = None
        self._hidden_changed()

    def _hidden_changed(self) -> None:
        hook = getattr(self, "on_hidden_changed", None)
        if hook is not None:
            hook()


class Report(db.Model):  # type: ignore[name-defined,misc]
    """A resident reports an object with a reason; staff resolve it."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    object_id: Mapped[int] = mapped_column(nullable=False)
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    explanation: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    outcome: Mapped[str | None] = mapped_column(sa.String(40))

    reporter = relationship("User", foreign_keys=[reporter_id])

    __table_args__ = (
        sa.Index("ix_report_open", "resolved_at", "created_at"),
        sa.Index("ix_report_object", "object_type", "object_id"),
    )


REPORT_REASONS: dict[str, str] = {
    "beledigend": "Beledigend of discriminerend",
    "spam": "Reclame of spam",
    "prive": "Er staan privégegevens in",
    "onwaar": "Het klopt niet of is misleidend",
    "anders": "Iets anders",
}
