"""Access control: deny by default.

Every view declares who may use it with exactly one of the decorators below. A ``before_request``
hook refuses any endpoint that declares nothing, so a forgotten decorator fails closed (and a
test lists every endpoint). Permission predicates ``can_<action>(user, obj)`` live next to each
module's models and are exposed to templates too, so a button and its route agree.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.accounts.models import WorkArea

F = TypeVar("F", bound=Callable[..., Any])

ACCESS_ATTR = "__access__"
WORK_AREA_ATTR = "__work_area__"


def _mark(view: F, level: str) -> F:
    setattr(view, ACCESS_ATTR, level)
    return view


def public(view: F) -> F:
    """Anyone, also without an account."""
    return _mark(view, "public")


def _login_redirect() -> Any:
    flash(_("Log eerst in. Daarna kunt u verder."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def login_required(view: F) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return _login_redirect()
        return view(*args, **kwargs)

    return _mark(wrapper, "login")  # type: ignore[arg-type]


def confirmed_required(view: F) -> F:
    """Logged in with a confirmed e-mail address (or a confirmed external identity)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return _login_redirect()
        if not current_user.is_confirmed:
            flash(_("Bevestig eerst uw e-mailadres. Kijk in uw mail voor de link."), "warning")
            return redirect(url_for("accounts.bevestig_opnieuw"))
        return view(*args, **kwargs)

    return _mark(wrapper, "confirmed")  # type: ignore[arg-type]


def staff_required(area: WorkArea | str | None = None) -> Callable[[F], F]:
    """A participatiemedewerker (with the work area, if given) or a beheerder."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _login_redirect()
            if not current_user.is_staff:
                abort(403)
            if area is not None and not current_user.has_work_area(area):
                abort(403)
            return view(*args, **kwargs)

        # The work area is part of the declaration, so the route sweep can check it.
        setattr(wrapper, WORK_AREA_ATTR, WorkArea(area) if area is not None else None)
        return _mark(wrapper, "staff")  # type: ignore[arg-type]

    return decorator


def beheerder_required(view: F) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return _login_redirect()
        if not current_user.is_beheerder:
            abort(403)
        return view(*args, **kwargs)

    return _mark(wrapper, "beheerder")  # type: ignore[arg-type]


def custom_access(view: F) -> F:
    """The view checks access itself (e.g. a signed link, or 404 for members' areas)."""
    return _mark(view, "custom")


def access_level(endpoint: str) -> str | None:
    view = current_app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTR, None) if view is not None else None


def enforce_declared_access() -> None:
    """before_request: refuse endpoints that declared no access level (deny by default)."""
    endpoint = request.endpoint
    if endpoint is None:
        return  # 404/405 is handled by routing
    if endpoint == "static":
        return
    if access_level(endpoint) is None:
        current_app.logger.error("endpoint %s declares no access level; refused", endpoint)
        abort(403)
    if request.path.startswith("/beheer") and access_level(endpoint) not in {"staff", "beheerder"}:
        current_app.logger.error("staff path %s without staff access; refused", endpoint)
        abort(403)
