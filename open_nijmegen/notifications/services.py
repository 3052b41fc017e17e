"""Queue mail in the outbox, in the same transaction as the change that causes it."""

from __future__ import annotations

import contextlib
from email.utils import make_msgid
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template

from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage


def _request_for_links() -> Any:
    """Mail templates build links (``url_for(..., _external=True)``). Outside a request (the
    demo data, a job, a CLI command) they are built for BASE_URL."""
    if has_request_context():
        return contextlib.nullcontext()
    return current_app.test_request_context(base_url=current_app.config["BASE_URL"])


def queue_mail(
    recipient: Any,
    template: str,
    subject: str,
    *,
    digest_key: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict[str, str]] | None = None,
    **context: Any,
) -> OutboxMessage | None:
    """Render ``mail/<template>.txt`` and ``.html`` and add them to the outbox.

    ``attachments``: text files sent with it (``filename``, ``content_type``, ``content``).
    ``recipient`` is a User or an e-mail address. A user without an e-mail address (some login
    brokers give none) gets no mail: returns None.
    """
    user = None if isinstance(recipient, str) else recipient
    address = recipient if isinstance(recipient, str) else getattr(recipient, "email", None)
    if not address or (user is not None and (user.erased_at or user.is_placeholder)):
        return None
    context.setdefault("user", user)
    context.setdefault("base_url", current_app.config["BASE_URL"])
    context.setdefault("subject", subject)
    # A mail for the daily digest is stored as one section of it: no greeting, no closing.
    context["in_digest"] = digest_key is not None
    with _request_for_links():
        text = render_template(f"mail/{template}.txt", **context)
        html = render_template(f"mail/{template}.html", **context)
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "open-nijmegen.local"
    message = OutboxMessage(
        user_id=getattr(user, "id", None),
        recipient=address,
        subject=subject,
        body_text=text,
        body_html=html,
        message_id=make_msgid(domain=domain),
        digest_key=digest_key,
        headers=headers or {},
        attachments=attachments or None,
    )
    db.session.add(message)
    return message
