"""The mail outbox: written in the same transaction as the change that causes it."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from open_nijmegen.core.db import UTCDateTime, enum_column, utcnow
from open_nijmegen.extensions import db


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DIGESTED = "digested"  # bundled into a daily digest mail


class OutboxMessage(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    recipient: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    subject: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    body_text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    body_html: Mapped[str] = mapped_column(sa.Text, nullable=False)
    message_id: Mapped[str] = mapped_column(sa.String(255), nullable=False, unique=True)
    # Mails of one kind for one digest; NULL = send as soon as possible.
    digest_key: Mapped[str | None] = mapped_column(sa.String(80))
    headers: Mapped[dict[str, str]] = mapped_column(sa.JSON, nullable=False, default=dict)
    # Files sent with the mail (an .ics invitation): [{"filename", "content_type", "content"}],
    # text content only.
    attachments: Mapped[list[dict[str, str]] | None] = mapped_column(sa.JSON)
    status: Mapped[OutboxStatus] = enum_column(
        OutboxStatus, "status", nullable=False, default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (sa.Index("ix_outbox_due", "status", "next_attempt_at"),)


from open_nijmegen.core.labels import register_value_labels  # noqa: E402

register_value_labels(
    "outbox_message",
    "status",
    {
        OutboxStatus.PENDING: "Nog niet verstuurd",
        OutboxStatus.SENDING: "Wordt verstuurd",
        OutboxStatus.SENT: "Verstuurd",
        OutboxStatus.FAILED: "Niet gelukt",
        OutboxStatus.DIGESTED: "In de mail van de dag",
    },
)
