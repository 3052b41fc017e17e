"""Queue mail in the outbox, in the same transaction as the change that causes it."""

from __future__ import annotations

import contextlib
from email.utils import make_msgid
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template

from open_nijmegen.core import i18n
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage


def _request_for_links(locale: str) -> Any:
    """Mail templates build links (``url_for(..., _external=True)``). Outside a request (the
    demo data, a job, a CLI command) they are built for BASE_URL; links in a mail in another
    language than the page that sends it go to the pages in the mail's language. (Links made
    before, with ``core.urls.external_url``, have no language part: the site sends a visitor who
    follows one on to the language the account or browser prefers.)"""
    if has_request_context() and i18n.locale_of_request() == locale:
        return contextlib.nullcontext()
    base = current_app.config["BASE_URL"]
    prefix = "" if locale == i18n.DEFAULT_LOCALE else "/" + locale
    return current_app.test_request_context(base_url=base + prefix)


def queue_mail(
    recipient: Any,
    template: str,
    subject: Any,
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

    Mail goes in the recipient's language (``User.locale``; a bare address gets the language
    of the page that sends it). ``subject`` may be a lazy string (``lazy_gettext``): it is
    translated into that language too.
    """
    user = None if isinstance(recipient, str) else recipient
    address = recipient if isinstance(recipient, str) else getattr(recipient, "email", None)
    if not address or (user is not None and (user.erased_at or user.is_placeholder)):
        return None
    locale = i18n.user_locale(user) if user is not None else i18n.current_locale()
    with i18n.in_locale(locale), _request_for_links(locale), i18n.in_locale(locale):
        return _queue(user, address, template, subject, digest_key, headers, attachments, context)


def _queue(
    user: Any,
    address: str,
    template: str,
    subject: Any,
    digest_key: str | None,
    headers: dict[str, str] | None,
    attachments: list[dict[str, str]] | None,
    context: dict[str, Any],
) -> OutboxMessage:
    subject = str(subject)
    context.setdefault("user", user)
    context.setdefault("base_url", current_app.config["BASE_URL"])
    context.setdefault("subject", subject)
    # A mail for the daily digest is stored as one section of it: no greeting, no closing.
    context["in_digest"] = digest_key is not None
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
