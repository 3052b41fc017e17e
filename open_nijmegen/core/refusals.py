"""Refusals: what the site said no to, as structured events and log lines.

``record_refusal(kind, reason, ...)`` is called where the site refuses something: the 403 and
429 error handlers, a failed login (``accounts.services.authenticate``), a wrong code in the
second step of a login, and a refused support. It writes one ``RefusalEvent`` row (in its own
short transaction: the refused request itself may never commit) and one ``key=value`` line to
the ``open_nijmegen.refusals`` logger. Only the network of the address is kept (an IPv4 /24,
an IPv6 /48), never the address itself, and the route is the endpoint with its method, never
the URL with its query.

``reason`` is a short code; modules add the B1 label of their own reasons with
``register_reasons``. Pages show labels only (``kind_label``, ``reason_label``), never codes.
Retention: the privacy purge removes events older than ``bewaar.weigeringen_dagen``.
"""

from __future__ import annotations

import enum
import logging
import re
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from open_nijmegen.core.db import UTCDateTime, enum_column, utcnow
from open_nijmegen.extensions import db

logger = logging.getLogger("open_nijmegen.refusals")


class RefusalKind(enum.StrEnum):
    FORBIDDEN = "forbidden"
    LOGIN_FAILED = "login_failed"
    TWO_STEP_FAILED = "two_step_failed"
    RATE_LIMITED = "rate_limited"
    SUPPORT_REFUSED = "support_refused"


class RefusalEvent(db.Model):  # type: ignore[name-defined,misc]
    """Something the site refused: a 403, a failed login or second step, a rate limit, a
    refused support. Only the first part of the IP address is kept; purged after
    ``bewaar.weigeringen_dagen``. Written by ``core.refusals.record_refusal``."""

    __tablename__ = "refusal_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )
    kind: Mapped[RefusalKind] = enum_column(RefusalKind, "kind", nullable=False)
    reason: Mapped[str] = mapped_column(sa.String(60), nullable=False)
    route: Mapped[str] = mapped_column(sa.String(140), nullable=False)  # "POST endpoint"
    # Who was logged in (if anyone).
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    # The account a failed login or second step was aimed at.
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    ip_prefix: Mapped[str | None] = mapped_column(sa.String(50))

    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    account = relationship("User", foreign_keys=[account_id], lazy="joined")

    __table_args__ = (
        # Failed logins per account in the last day (the beheerder's page).
        sa.Index("ix_refusal_event_account", "account_id", "kind", "created_at"),
    )


KIND_LABELS: dict[RefusalKind, Any] = {
    RefusalKind.FORBIDDEN: _l("Geen toegang"),
    RefusalKind.LOGIN_FAILED: _l("Inloggen mislukt"),
    RefusalKind.TWO_STEP_FAILED: _l("Code bij inloggen klopt niet"),
    RefusalKind.RATE_LIMITED: _l("Te vaak geprobeerd"),
    RefusalKind.SUPPORT_REFUSED: _l("Steunen kon niet"),
}

_REASON_LABELS: dict[str, Any] = {
    # 403
    "not_staff": _l("Alleen voor medewerkers"),
    "not_beheerder": _l("Alleen voor de beheerder"),
    "wrong_work_area": _l("Hoort niet bij het werk van deze medewerker"),
    "no_access_rule": _l("Deze pagina is voor niemand open"),
    "refused_by_page": _l("Deze persoon mag dit niet doen"),
    # a form without a valid CSRF token (core.errors)
    "form_expired": _l("Formulier was verlopen"),
    "csrf_cross_site": _l("Formulier kwam niet van deze site"),
    # logins
    "wrong_password": _l("Verkeerd wachtwoord"),
    "unknown_email": _l("Onbekend e-mailadres"),
    "no_password": _l("Dit account heeft geen wachtwoord"),
    "account_inactive": _l("Dit account is gewist of gestopt"),
    "wrong_code": _l("Verkeerde code"),
    # 429
    "too_many_requests": _l("Te veel pogingen achter elkaar"),
}
OTHER_REASON = _l("Andere reden")

_SAFE = re.compile(r"[^A-Za-z0-9_.:/<>\-]")


def register_reasons(labels: dict[str, Any]) -> None:
    """A module adds the B1 labels of the reason codes it records."""
    for code, label in labels.items():
        existing = _REASON_LABELS.get(code)
        if existing is not None and str(existing) != str(label):
            raise RuntimeError(f"refusal reason {code!r} registered twice")
        _REASON_LABELS[code] = label


def kind_label(kind: RefusalKind | str) -> str:
    try:
        return str(KIND_LABELS[RefusalKind(kind)])
    except (ValueError, KeyError):
        return str(OTHER_REASON)


def reason_label(reason: str) -> str:
    return str(_REASON_LABELS.get(reason, OTHER_REASON))


def current_route() -> str:
    """``"POST ideeen.steunen"``: the method and the endpoint, never the path or the query."""
    if not has_request_context():
        return "-"
    return f"{request.method} {request.endpoint or '-'}"[:140]


def _client_prefix() -> str | None:
    from open_nijmegen.accounts.sessions import ip_prefix

    return ip_prefix(request.remote_addr) if has_request_context() else None


def _current_user() -> Any:
    if not has_request_context():
        return None
    from flask_login import current_user

    try:
        return current_user if current_user.is_authenticated else None
    except Exception:  # noqa: BLE001 - a refusal is recorded even when the loader fails
        return None


def _field(value: Any) -> str:
    """One value of the log line: no spaces, quotes or control characters (no forged lines)."""
    text = "-" if value is None or value == "" else str(value)
    return _SAFE.sub("_", text)[:140]


def record_refusal(
    kind: RefusalKind | str,
    reason: str,
    user: Any = None,
    account: Any = None,
    route: str | None = None,
) -> None:
    """Write the event and the log line. ``user`` is who was logged in (default: the current
    user), ``account`` the account a failed login was aimed at. Never raises: recording a
    refusal must not turn it into an error page."""
    kind = RefusalKind(kind)
    reason = _field(reason)[:60]
    route = route or current_route()
    if user is None:
        user = _current_user()
    user_id = getattr(user, "id", None)
    account_id = getattr(account, "id", None)
    prefix = _client_prefix()
    logger.warning(
        "refusal kind=%s reason=%s route=%s user=%s account=%s ip_prefix=%s",
        kind.value,
        reason,
        _field(route.replace(" ", ":", 1)),
        _field(user_id),
        _field(account_id),
        _field(prefix),
    )
    try:
        # Its own short transaction: the refused request may roll back or never commit.
        with db.engine.begin() as connection:
            connection.execute(
                sa.insert(RefusalEvent).values(
                    created_at=utcnow(),
                    kind=kind,
                    reason=reason,
                    route=route,
                    user_id=user_id,
                    account_id=account_id,
                    ip_prefix=prefix,
                )
            )
    except Exception:  # noqa: BLE001
        logger.exception("refusal could not be stored (kind=%s)", kind.value)


# -- the beheerder's page ------------------------------------------------------------------

LOGIN_KINDS = (RefusalKind.LOGIN_FAILED, RefusalKind.TWO_STEP_FAILED)


def recent_events(limit: int = 100, before: int | None = None) -> list[RefusalEvent]:
    stmt = sa.select(RefusalEvent).order_by(RefusalEvent.id.desc()).limit(limit)
    if before:
        stmt = stmt.where(RefusalEvent.id < before)
    return list(db.session.scalars(stmt))


def failed_logins_per_account(
    now: datetime | None = None, hours: int = 24, limit: int = 20
) -> list[tuple[Any, int]]:
    """(account, number of failed logins and second steps) in the last ``hours``, most first."""
    from open_nijmegen.accounts.models import User

    since = (now or utcnow()) - timedelta(hours=hours)
    count = sa.func.count(RefusalEvent.id)
    rows = db.session.execute(
        sa.select(User, count)
        .join(RefusalEvent, RefusalEvent.account_id == User.id)
        .where(RefusalEvent.kind.in_(LOGIN_KINDS), RefusalEvent.created_at >= since)
        .group_by(User.id)
        .order_by(count.desc(), User.id)
        .limit(limit)
    ).all()
    return [(user, int(n)) for user, n in rows]


def failed_logins_of(account: Any, now: datetime | None = None, hours: int = 24) -> int:
    since = (now or utcnow()) - timedelta(hours=hours)
    return int(
        db.session.scalar(
            sa.select(sa.func.count(RefusalEvent.id)).where(
                RefusalEvent.account_id == account.id,
                RefusalEvent.kind.in_(LOGIN_KINDS),
                RefusalEvent.created_at >= since,
            )
        )
        or 0
    )


def page_of(route: str) -> str:
    """The address pattern of a route for people: ``/ideeen/…/steunen`` (no codes)."""
    from flask import current_app

    endpoint = route.split(" ", 1)[-1]
    try:
        rule = next(iter(current_app.url_map.iter_rules(endpoint)))
    except (KeyError, StopIteration):
        return "—"
    return re.sub(r"<[^>]+>", "…", rule.rule)


def purge_refusals(cutoff: datetime, dry_run: bool) -> int:
    where = (RefusalEvent.created_at < cutoff,)
    if dry_run:
        return int(db.session.scalar(sa.select(sa.func.count()).where(*where)) or 0)
    result = db.session.execute(sa.delete(RefusalEvent).where(*where))
    return int(result.rowcount or 0)


def _seed_demo_refusals(users: dict[str, Any]) -> None:
    """Demo data: a few refusals, so the beheerder's page shows its tables filled (idempotent:
    only when there are none)."""
    from datetime import timedelta

    if db.session.scalar(sa.select(RefusalEvent.id).limit(1)) is not None:
        return
    resident, other = users.get("inwoner"), users.get("inwoner2")
    if resident is None or other is None:
        return
    now = utcnow()
    rows = [
        (RefusalKind.LOGIN_FAILED, "wrong_password", "POST accounts.login", None, resident, 50),
        (RefusalKind.LOGIN_FAILED, "wrong_password", "POST accounts.login", None, resident, 49),
        (RefusalKind.LOGIN_FAILED, "wrong_password", "POST accounts.login", None, resident, 48),
        (RefusalKind.LOGIN_FAILED, "unknown_email", "POST accounts.login", None, None, 30),
        (RefusalKind.FORBIDDEN, "not_staff", "GET beheer.dashboard", other, None, 20),
        (RefusalKind.RATE_LIMITED, "too_many_requests", "POST accounts.login", None, None, 10),
    ]
    for kind, reason, route, user, account, minutes in rows:
        db.session.add(
            RefusalEvent(
                created_at=now - timedelta(minutes=minutes),
                kind=kind,
                reason=reason,
                route=route,
                user_id=getattr(user, "id", None),
                account_id=getattr(account, "id", None),
                ip_prefix="192.0.2.0/24",  # a documentation network (RFC 5737)
            )
        )


def _register_demo() -> None:
    from open_nijmegen.cli import demo_seeder

    demo_seeder(order=95)(_seed_demo_refusals)


_register_demo()
