"""Deliver the outbox over SMTP with retries and backoff.

Messages are claimed in small batches (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several
senders never take the same message); each one keeps its Message-ID, so a resend after a crash
can be recognised by the receiving side.
"""

from __future__ import annotations

import contextlib
import smtplib
import sys
from datetime import timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app

from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage, OutboxStatus

MAX_ATTEMPTS = 6


def build_email(message: OutboxMessage) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = current_app.config["MAIL_SENDER"]
    mail["To"] = message.recipient
    mail["Subject"] = message.subject
    mail["Message-ID"] = message.message_id
    for name, value in (message.headers or {}).items():
        mail[name] = value
    mail.set_content(message.body_text)
    mail.add_alternative(message.body_html, subtype="html")
    for item in message.attachments or []:
        # Text attachments only (an .ics invitation): "text/calendar" -> subtype "calendar".
        subtype = item["content_type"].partition("/")[2] or "plain"
        mail.add_attachment(item["content"], subtype=subtype, filename=item["filename"])
    return mail


def _claim(batch: int) -> list[OutboxMessage]:
    now = utcnow()
    stmt = (
        sa.select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            OutboxMessage.digest_key.is_(None),
        )
        .order_by(OutboxMessage.id)
        .limit(batch)
    )
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    claimed_ids = []
    for message_id in list(db.session.scalars(stmt)):
        # The guarded UPDATE makes the claim safe on SQLite too (no SKIP LOCKED there): only
        # one sender changes a pending row. While sending, next_attempt_at holds the claim
        # time, so ``recover_stuck`` never takes back a message that is being sent right now.
        result = db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING)
            .values(
                status=OutboxStatus.SENDING,
                attempts=OutboxMessage.attempts + 1,
                next_attempt_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed_ids.append(message_id)
    db.session.commit()
    if not claimed_ids:
        return []
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.id.in_(claimed_ids))
            .order_by(OutboxMessage.id)
        )
    )


def for_terminal(message: OutboxMessage) -> str:
    """A mail as a developer reads it in the terminal (MAIL_PRINT): the headers that matter and
    the decoded text part. ``as_string()`` is quoted-printable: it splits a long link over lines
    with ``=`` and turns é into ``=C3=A9``, so a confirmation link could not be clicked."""
    mail = build_email(message)
    text_part = mail.get_body(preferencelist=("plain",))
    body = text_part.get_content() if text_part is not None else message.body_text
    headers = "\n".join(f"{name}: {mail[name]}" for name in ("From", "To", "Subject") if mail[name])
    return f"--- mail aan {message.recipient} ---\n{headers}\n\n{body.rstrip()}\n---"


def _deliver(smtp: smtplib.SMTP | None, message: OutboxMessage) -> None:
    if smtp is None:
        print(for_terminal(message), file=sys.stderr)
        return
    smtp.send_message(build_email(message))


def _connect() -> smtplib.SMTP:
    cfg = current_app.config
    smtp = smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=20)
    if cfg["SMTP_STARTTLS"]:
        smtp.starttls()
    if cfg["SMTP_USER"]:
        smtp.login(cfg["SMTP_USER"], cfg["SMTP_PASSWORD"])
    return smtp


def send_outbox(batch: int = 50) -> tuple[int, int]:
    """Send what is due. Returns (sent, failed this round)."""
    sent = failed = 0
    messages = _claim(batch)
    if not messages:
        return 0, 0
    smtp: smtplib.SMTP | None = None
    try:
        if not current_app.config["MAIL_PRINT"]:
            smtp = _connect()
    except (OSError, smtplib.SMTPException) as error:
        for message in messages:
            _retry_later(message, f"verbinding: {error}")
        db.session.commit()
        return 0, len(messages)
    try:
        for message in messages:
            try:
                _deliver(smtp, message)
            except (OSError, smtplib.SMTPException) as error:
                _retry_later(message, str(error))
                failed += 1
            else:
                message.status = OutboxStatus.SENT
                message.sent_at = utcnow()
                message.last_error = None
                sent += 1
            db.session.commit()
    finally:
        if smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()
    return sent, failed


def _retry_later(message: OutboxMessage, error: str) -> None:
    message.last_error = error[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
        return
    message.status = OutboxStatus.PENDING
    # Exponential backoff: 1, 2, 4, 8, 16 minutes.
    message.next_attempt_at = utcnow() + timedelta(minutes=2 ** (message.attempts - 1))


def recover_stuck(minutes: int = 15) -> int:
    """Messages left in 'sending' by a crashed sender go back to the queue (crash window)."""
    cutoff = utcnow() - timedelta(minutes=minutes)
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING)
        .where(OutboxMessage.next_attempt_at < cutoff)
        .values(status=OutboxStatus.PENDING)
    )
    db.session.commit()
    return int(result.rowcount or 0)
